export interface WebhookCounters {
  webhooksSent: number;
  webhooksFailed: number;
  webhooksDropped: number;
}

/** RunPod's webhook delivery: the first POST plus two retries. */
const ATTEMPTS = 3;

/**
 * Delivers final job bodies like RunPod: POST the /status JSON, unsigned; a network error or a
 * non-2xx answer is retried twice, `retryDelayMs` apart, then dropped.
 */
export class WebhookSender {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly o: { retryDelayMs: number; timeoutMs: number },
    private readonly counters: (endpointId: string) => WebhookCounters[],
  ) {}

  send(endpointId: string, url: string, body: string): void {
    void this.attempt(endpointId, url, body, 1);
  }

  private async attempt(endpointId: string, url: string, body: string, n: number): Promise<void> {
    if (this.closed) return;
    const counters = this.counters(endpointId);
    for (const c of counters) c.webhooksSent++;
    const ctl = new AbortController();
    this.inFlight.add(ctl);
    const timer = setTimeout(() => ctl.abort(), this.o.timeoutMs);
    let ok: boolean;
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: ctl.signal });
      ok = res.ok;
      // Drain so the keep-alive socket can be reused.
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      ok = false;
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(ctl);
    }
    if (ok || this.closed) return;
    for (const c of counters) c.webhooksFailed++;
    if (n >= ATTEMPTS) {
      for (const c of counters) c.webhooksDropped++;
      return;
    }
    const retry = setTimeout(() => {
      this.timers.delete(retry);
      void this.attempt(endpointId, url, body, n + 1);
    }, this.o.retryDelayMs);
    retry.unref();
    this.timers.add(retry);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.inFlight) c.abort();
  }
}
