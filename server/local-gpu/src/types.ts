/** Targeted failure injection; rules are checked in order before the random rate. */
export interface FailureRule {
  kind: 'transient' | 'permanent' | 'hang';
  when?: { promptIncludes?: string; seed?: number };
  /** apply to at most this many jobs (e.g. fail the first attempt only) */
  times?: number;
}

export interface EndpointConfig {
  /** concurrent jobs; more wait IN_QUEUE */
  workers: number;
  /** simulated ms per sampling step (steps read from the workflow) */
  stepMs: number;
  /** added to the first job a worker runs after being idle for idleTimeoutMs (counted in delayTime, as on RunPod) */
  coldStartMs: number;
  /** how long a worker stays warm after its last job (RunPod's idle timeout, default 5 s) */
  idleTimeoutMs: number;
  /** 0..1, seeded PRNG (rngSeed) — decides per job */
  transientFailureRate: number;
  rngSeed: number;
  /** targeted injection, checked before the rate */
  failures: FailureRule[];
  /** default from policy.executionTimeout or 600000; a hang past it ends TIMED_OUT */
  executionTimeoutMs?: number;
  /**
   * Holds the answer to /run this long after the job was accepted (and started): a slow network or
   * an overloaded API, so a client's timeout can fire on a job that exists.
   */
  runResponseDelayMs: number;
  /** delay only this many /run answers (default: every one) */
  runResponseDelayTimes?: number;
  /**
   * 0..1: share of images whose render shows a different person (the identity failure a new seed
   * fixes). Counted over first renders: exactly ⌊n × rate⌋ of n images, never their re-render.
   */
  offIdentityRate: number;
  /**
   * The next this many final webhooks of the endpoint are lost (RunPod's three delivery attempts
   * all failed, or it never sent one): counted in webhooksDropped, nothing is POSTed.
   */
  lostWebhooks?: number;
}

export interface LocalGpuOptions {
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** required Bearer; default 'local-gpu-key' */
  apiKey?: string;
  /** ids e.g. 'image', 'image-nsfw'; defaults for unknown ids */
  endpoints?: Record<string, Partial<EndpointConfig>>;
  defaults?: Partial<EndpointConfig>;
  /** endpoint ids served by the simulated LoRA trainer (default 'lora-training' and 'training') */
  trainingEndpoints?: string[];
  /** simulated workers by endpoint id (override the trainer too); every other endpoint runs worker-comfyui */
  handlers?: Record<string, JobHandler>;
  /** model files installed on the simulated network volume, by ComfyUI folder (default: none; the app passes the files its workflows name) */
  modelFiles?: Record<string, string[]>;
  /** directory of the simulated network volume (LoRA .safetensors files dropped under models/loras are "installed") */
  volumeDir?: string;
  /** defaults 1000/2000/100 */
  rateLimit?: { runPer10s: number; statusPer10s: number; cancelPer10s: number };
  /** default 10000 (RunPod: retried twice, 10 s apart) */
  webhookRetryDelayMs?: number;
  /** per webhook POST attempt; default 10000 */
  webhookTimeoutMs?: number;
  /** /run results kept 30 min, then /status 404 */
  resultTtlMs?: number;
  /** /runsync results kept 1 min */
  runsyncResultTtlMs?: number;
  /**
   * Memory cap for finished jobs' outputs; past it the oldest finished jobs are forgotten early
   * (404), so a benchmark pushing thousands of images does not keep 30 min of PNGs. Default 1 GiB.
   */
  maxRetainedOutputBytes?: number;
}

export interface LocalGpuStats {
  submitted: number;
  completed: number;
  failed: number;
  inQueue: number;
  inProgress: number;
  maxInProgress: number;
  webhooksSent: number;
  webhooksFailed: number;
  /** webhooks given up on after all three attempts failed */
  webhooksDropped: number;
  cancelled: number;
  timedOut: number;
  retried: number;
}

export interface LocalGpu {
  /** base like http://127.0.0.1:PORT/v2 (client calls `${url}/${endpointId}/run`) */
  url: string;
  apiKey: string;
  configure(endpointId: string, patch: Partial<EndpointConfig>): void;
  stats(): LocalGpuStats & { endpoints: Record<string, LocalGpuStats> };
  close(): Promise<void>;
}

export type JobStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TIMED_OUT';

export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);

/** What a handler returns: like runpod-python, an `error` makes the job FAILED and the rest stays `output`. */
export interface HandlerResult {
  output?: unknown;
  error?: string;
}

export interface HandlerContext {
  jobId: string;
  workerId: string;
  stepMs: number;
  signal: AbortSignal;
  /** Resolves after `ms`, rejects when the job is cancelled or times out. */
  sleep(ms: number): Promise<void>;
  /** Starts the per-step progress that /status reports while IN_PROGRESS. */
  startSampling(node: string, steps: number): void;
  /** runpod-python's progress_update: `output` is what /status shows while IN_PROGRESS (replaces sampling progress). */
  reportProgress(output: unknown): void;
  /** The injected failure for this job, if any (rules, then the seeded rate); consumes a rule use. */
  decideFailure(facts: { prompt?: string; seed?: number }): FailureRule['kind'] | undefined;
  /** Whether this render shows someone else (offIdentityRate); `image` names the picture across seeds. */
  offIdentity(image: string): boolean;
  /** Per-worker SaveImage counter, so filenames look like ComfyUI's (prefix_00001_.png). */
  nextImageIndex(): number;
}

/** The code a simulated worker runs (worker-comfyui for image endpoints). */
export interface JobHandler {
  run(input: unknown, ctx: HandlerContext): Promise<HandlerResult>;
}
