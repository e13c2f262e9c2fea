export type LimitedRoute = 'run' | 'status' | 'cancel';

export interface RateLimits {
  runPer10s: number;
  statusPer10s: number;
  cancelPer10s: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { runPer10s: 1000, statusPer10s: 2000, cancelPer10s: 100 };

const WINDOW_MS = 10_000;

/**
 * RunPod's per-endpoint request budgets over a sliding 10-s window. A sliding log (not fixed
 * buckets) so a burst at a bucket edge cannot pass twice the budget.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a request; returns the ms until one would be allowed when over budget. */
  take(endpointId: string, route: LimitedRoute): { ok: true } | { ok: false; retryAfterMs: number } {
    const limit = this.limitOf(route);
    const key = `${endpointId}\u0000${route}`;
    const now = this.now();
    let log = this.hits.get(key);
    if (!log) this.hits.set(key, (log = []));
    let expired = 0;
    while (expired < log.length && log[expired]! <= now - WINDOW_MS) expired++;
    if (expired > 0) log.splice(0, expired);
    if (log.length >= limit) return { ok: false, retryAfterMs: Math.max(1, log[0]! + WINDOW_MS - now) };
    log.push(now);
    return { ok: true };
  }

  limitOf(route: LimitedRoute): number {
    return route === 'run' ? this.limits.runPer10s : route === 'status' ? this.limits.statusPer10s : this.limits.cancelPer10s;
  }
}
