/** Job statuses RunPod serverless reports (RUNNING appears on some endpoints instead of IN_PROGRESS). */
export type RunpodStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TIMED_OUT';

export const RUNPOD_STATUSES = ['IN_QUEUE', 'IN_PROGRESS', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT'] as const satisfies readonly RunpodStatus[];

/** The body of `GET /status/{id}` (and of RunPod's webhook POST). */
export interface RunpodJob {
  id: string;
  status: RunpodStatus;
  delayTime?: number;
  executionTime?: number;
  output?: unknown;
  error?: string;
  workerId?: string;
}

export interface RunpodClientOptions {
  /** e.g. 'https://api.runpod.ai/v2' */
  baseUrl: string;
  apiKey: string;
  /** Retries after the first attempt (default 5). */
  maxRetries?: number;
  /** First backoff ceiling (default 250 ms); doubles per attempt, full jitter. */
  baseDelayMs?: number;
  /** Backoff ceiling (default 8000 ms). */
  maxDelayMs?: number;
  /** Per attempt, covering headers and body (default 30000 ms). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Test seam: how the client waits between attempts. */
  sleep?: (ms: number) => Promise<void>;
  /** Test seam: jitter source in [0, 1). */
  random?: () => number;
}

export interface RunpodRunOptions {
  webhook?: string;
  policy?: { executionTimeout?: number; ttl?: number; lowPriority?: boolean };
}

export interface RunpodClient {
  run(endpointId: string, input: unknown, opts?: RunpodRunOptions): Promise<{ id: string; status: RunpodStatus }>;
  runSync(endpointId: string, input: unknown, opts?: { waitMs?: number }): Promise<RunpodJob>;
  /** 404 (job unknown or expired) throws RunpodError with code 'NOT_FOUND'. */
  status(endpointId: string, jobId: string): Promise<RunpodJob>;
  cancel(endpointId: string, jobId: string): Promise<RunpodJob>;
  retry(endpointId: string, jobId: string): Promise<{ id: string; status: RunpodStatus }>;
  purgeQueue(endpointId: string): Promise<unknown>;
  health(endpointId: string): Promise<{ jobs: Record<string, number>; workers: Record<string, number> }>;
  /**
   * Downloads a file a worker's output points to (a trained LoRA): presigned URLs as they are,
   * URLs on the API's own host with the API key.
   */
  download(url: string, o?: { timeoutMs?: number; maxBytes?: number }): Promise<Buffer>;
}
