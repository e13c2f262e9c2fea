export type RunpodErrorCode = 'NOT_FOUND' | 'UNAUTHORIZED' | 'RATE_LIMITED' | 'SERVER' | 'NETWORK' | 'TIMEOUT' | 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE';

export interface RunpodErrorInit {
  status?: number;
  retryable: boolean;
  /** Server-requested wait (Retry-After) when the client gave up instead of waiting that long. */
  retryAfterMs?: number;
  /**
   * Set on a submission (/run, /runsync, /retry) that failed after its bytes may have reached
   * RunPod: a job may exist although no id came back. Callers recover the id from the job's
   * webhook (its per-job token identifies the item) or re-submit after a grace period.
   */
  maybeSubmitted?: boolean;
  cause?: unknown;
}

/** A failed call to the RunPod API (not a failed job: see interpretJob for that). */
export class RunpodError extends Error {
  readonly code: RunpodErrorCode;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly maybeSubmitted: boolean;

  constructor(code: RunpodErrorCode, message: string, init: RunpodErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'RunpodError';
    this.code = code;
    this.status = init.status;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs;
    this.maybeSubmitted = init.maybeSubmitted ?? false;
  }
}
