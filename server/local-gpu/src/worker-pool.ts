import { hash32 } from './random.js';

/** One simulated serverless worker. `attempt` is the controller of the job attempt it holds. */
export interface Worker {
  id: string;
  attempt?: AbortController;
  initializing: boolean;
  lastActiveAt?: number;
  /** ComfyUI's SaveImage counter lives on the worker, so filenames restart per worker. */
  imageCounter: number;
}

/** A RunPod-like id (14 lowercase alphanumerics), stable per endpoint and slot. */
function workerIdFor(endpointId: string, index: number): string {
  const a = hash32(`${endpointId}#${index}`).toString(36);
  const b = hash32(`${index}#${endpointId}`).toString(36);
  return `${a}${b}0000000000000`.slice(0, 14);
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** An endpoint's workers: created on demand, warm for `idleTimeoutMs` after their last job. */
export class WorkerPool {
  private readonly workers: Worker[] = [];

  constructor(
    private readonly endpointId: string,
    private readonly now: () => number,
  ) {}

  get busy(): number {
    return this.workers.filter((w) => w.attempt).length;
  }

  isCold(w: Worker, idleTimeoutMs: number): boolean {
    return w.lastActiveAt === undefined || this.now() - w.lastActiveAt >= idleTimeoutMs;
  }

  /** Warm idle workers first, as RunPod routes to them before waking a cold one. */
  acquire(attempt: AbortController, idleTimeoutMs: number): Worker {
    const idle = this.workers.filter((w) => !w.attempt);
    const warm = idle.filter((w) => !this.isCold(w, idleTimeoutMs)).sort((a, b) => (b.lastActiveAt ?? 0) - (a.lastActiveAt ?? 0));
    let worker = warm[0] ?? idle[0];
    if (!worker) {
      worker = { id: workerIdFor(this.endpointId, this.workers.length), initializing: false, imageCounter: 0 };
      this.workers.push(worker);
    }
    worker.attempt = attempt;
    return worker;
  }

  /** Frees the worker if it still runs this attempt (a cancelled attempt may finish late). */
  release(attempt: AbortController | undefined): void {
    const worker = attempt && this.workers.find((w) => w.attempt === attempt);
    if (!worker) return;
    worker.attempt = undefined;
    worker.initializing = false;
    worker.lastActiveAt = this.now();
  }

  /** The `workers` block of /health. */
  health(configured: number, idleTimeoutMs: number) {
    const busy = this.workers.filter((w) => w.attempt);
    const initializing = busy.filter((w) => w.initializing).length;
    const idle = Math.max(0, configured - busy.length);
    const warm = this.workers.filter((w) => !w.attempt && !this.isCold(w, idleTimeoutMs)).length;
    return { idle, running: busy.length - initializing, initializing, ready: Math.min(idle, warm), throttled: 0, unhealthy: 0 };
  }
}
