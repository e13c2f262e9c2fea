import { RunpodError } from './errors.js';
import type { RunpodClientOptions } from './types.js';

/**
 * How a call may be repeated.
 * - `idempotent`: status, health, cancel, purge. Repeating is harmless, so every transient
 *   failure (429, 408, 5xx, network, timeout) is retried.
 * - `submission`: /run, /runsync, /retry. RunPod has no idempotency key, so a request that may
 *   have reached the server can create a second GPU job (paid twice, and its result is orphaned).
 *   These are retried only when the server provably did not accept the job: 429 and 503 (refused
 *   before queueing), 408 (the server never got the whole request), and connection failures
 *   before any byte was sent (refused, DNS, connect timeout). A timeout or reset after sending is
 *   not retried here: it surfaces as `maybeSubmitted` so the caller can wait for the job's webhook
 *   (its per-job token names the item and carries the RunPod id) and re-submit only if none comes.
 *   A lost submission then costs a delay; a blind retry would cost a duplicate GPU job.
 */
export type RetryMode = 'idempotent' | 'submission';

export interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  mode: RetryMode;
  timeoutMs?: number;
  /** RunPod rejects larger payloads (10 MB /run, 20 MB /runsync); fail before uploading them. */
  maxBodyBytes?: number;
}

/** Longer server-requested waits are handed to the caller (a task can reschedule itself). */
const MAX_RETRY_AFTER_MS = 60_000;
/** Connect-phase failures: the request never left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Statuses meaning RunPod turned the request away before creating anything. */
const REFUSED = new Set([408, 429, 503]);

type Failed = { ok: false; error: RunpodError; sent: boolean };
type Attempt = { ok: true; data: unknown } | Failed;

export function createTransport(o: RunpodClientOptions) {
  const base = o.baseUrl.replace(/\/+$/, '');
  const maxRetries = o.maxRetries ?? 5;
  const baseDelay = o.baseDelayMs ?? 250;
  const maxDelay = o.maxDelayMs ?? 8000;
  const doFetch = o.fetch ?? globalThis.fetch;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = o.random ?? Math.random;
  // Error texts end up in logs and job rows; a proxy echoing headers must not leak the key.
  const redact = (s: string) => (o.apiKey ? s.split(o.apiKey).join('[redacted]') : s);

  async function attempt(call: Call, body: string | undefined): Promise<Attempt> {
    const label = `RunPod ${call.method} ${call.path.split('?')[0]}`;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        controller.abort();
      },
      call.timeoutMs ?? o.timeoutMs ?? 30_000,
    );
    try {
      const res = await doFetch(`${base}${call.path}`, {
        method: call.method,
        headers: {
          authorization: `Bearer ${o.apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body,
        signal: controller.signal,
      });
      const text = await res.text();
      if (res.ok) {
        try {
          return { ok: true, data: text === '' ? null : JSON.parse(text) };
        } catch {
          const msg = `${label}: invalid JSON in ${res.status} response`;
          return { ok: false, sent: true, error: new RunpodError('SERVER', msg, { status: res.status, retryable: false }) };
        }
      }
      return { ok: false, sent: true, error: httpError(label, res, redact(text.slice(0, 500))) };
    } catch (err) {
      if (timedOut) {
        const e = new RunpodError('TIMEOUT', `${label}: no response within the timeout`, { retryable: true, cause: err });
        return { ok: false, sent: true, error: e };
      }
      const code = errorCode(err);
      const e = new RunpodError('NETWORK', `${label}: ${code ?? redact(String(err))}`, { retryable: true, cause: err });
      return { ok: false, sent: !(code && NOT_SENT_CODES.has(code)), error: e };
    } finally {
      clearTimeout(timer);
    }
  }

  function mayRepeat(call: Call, a: Failed): boolean {
    if (!a.error.retryable) return false;
    return call.mode === 'idempotent' || !a.sent || REFUSED.has(a.error.status ?? 0);
  }

  return async function request(call: Call): Promise<unknown> {
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    if (body !== undefined && call.maxBodyBytes && Buffer.byteLength(body) > call.maxBodyBytes) {
      const msg = `RunPod ${call.method} ${call.path}: payload of ${Buffer.byteLength(body)} bytes exceeds ${call.maxBodyBytes}`;
      throw new RunpodError('PAYLOAD_TOO_LARGE', msg, { retryable: false });
    }
    for (let n = 0; ; n++) {
      const a = await attempt(call, body);
      if (a.ok) return a.data;
      const repeat = n < maxRetries && mayRepeat(call, a);
      if (!repeat) throw finalError(call, a);
      const wait = a.error.retryAfterMs ?? random() * Math.min(maxDelay, baseDelay * 2 ** n);
      if (wait > MAX_RETRY_AFTER_MS) throw a.error;
      await sleep(wait);
    }
  };
}

function finalError(call: Call, a: Failed): RunpodError {
  const { code, message, status, retryable, retryAfterMs, cause } = a.error;
  const ambiguous = a.sent && !REFUSED.has(status ?? 0) && (status === undefined || status >= 500);
  if (call.mode !== 'submission' || !ambiguous) return a.error;
  return new RunpodError(code, message, { status, retryable, retryAfterMs, maybeSubmitted: true, cause });
}

function httpError(label: string, res: Response, snippet: string): RunpodError {
  const status = res.status;
  const msg = `${label} → ${status}${snippet ? `: ${snippet}` : ''}`;
  if (status === 429) {
    return new RunpodError('RATE_LIMITED', msg, { status, retryable: true, retryAfterMs: retryAfter(res.headers.get('retry-after')) });
  }
  if (status === 408) return new RunpodError('TIMEOUT', msg, { status, retryable: true });
  if (status === 401 || status === 403) return new RunpodError('UNAUTHORIZED', msg, { status, retryable: false });
  if (status === 404) return new RunpodError('NOT_FOUND', msg, { status, retryable: false });
  if (status === 413) return new RunpodError('PAYLOAD_TOO_LARGE', msg, { status, retryable: false });
  if (status >= 500) {
    return new RunpodError('SERVER', msg, { status, retryable: true, retryAfterMs: retryAfter(res.headers.get('retry-after')) });
  }
  return new RunpodError('BAD_REQUEST', msg, { status, retryable: false });
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function errorCode(err: unknown): string | undefined {
  // undici wraps socket errors: TypeError('fetch failed', { cause: { code } }), sometimes nested.
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
