import { z } from 'zod';
import { RunpodError } from './errors.js';
import { createTransport, type Call } from './http.js';
import { RUNPOD_STATUSES, type RunpodClient, type RunpodClientOptions } from './types.js';

const RUN_MAX_BYTES = 10 * 1024 * 1024;
const RUNSYNC_MAX_BYTES = 20 * 1024 * 1024;

const submitted = z.object({ id: z.string().min(1), status: z.enum(RUNPOD_STATUSES) });

const job = z.object({
  id: z.string().min(1),
  status: z.enum(RUNPOD_STATUSES),
  delayTime: z.number().optional(),
  executionTime: z.number().optional(),
  output: z.unknown().optional(),
  // A handler returning {"error": {...}} makes RunPod echo an object here; keep it a string.
  error: z
    .unknown()
    .optional()
    .transform((e) => (e === undefined || e === null ? undefined : typeof e === 'string' ? e : JSON.stringify(e))),
  workerId: z.string().optional(),
});

const health = z.object({
  jobs: z.record(z.string(), z.number()),
  workers: z.record(z.string(), z.number()),
});

/** The RunPod serverless REST client. Retries and timeouts: see http.ts. */
export function createRunpodClient(o: RunpodClientOptions): RunpodClient {
  const request = createTransport(o);

  async function call<T>(schema: z.ZodType<T>, c: Call): Promise<T> {
    const data = await request(c);
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const msg = `RunPod ${c.method} ${c.path.split('?')[0]}: unexpected response (${parsed.error.issues[0]?.message ?? 'invalid'})`;
    throw new RunpodError('SERVER', msg, { retryable: false });
  }

  const at = (endpointId: string, rest: string) => {
    if (!endpointId) throw new RunpodError('BAD_REQUEST', 'RunPod endpoint id is empty', { retryable: false });
    return `/${encodeURIComponent(endpointId)}${rest}`;
  };
  const jobPath = (endpointId: string, verb: string, jobId: string) => at(endpointId, `/${verb}/${encodeURIComponent(jobId)}`);

  return {
    run(endpointId, input, opts) {
      const body = { input, ...(opts?.webhook ? { webhook: opts.webhook } : {}), ...(opts?.policy ? { policy: opts.policy } : {}) };
      const path = at(endpointId, '/run');
      return call(submitted, { method: 'POST', path, body, mode: 'submission', maxBodyBytes: RUN_MAX_BYTES });
    },

    runSync(endpointId, input, opts) {
      const waitMs = Math.min(300_000, Math.max(1000, Math.round(opts?.waitMs ?? 90_000)));
      // The server holds the request open for up to `wait`; the per-request timeout must outlast it.
      const timeoutMs = Math.max(o.timeoutMs ?? 30_000, waitMs + 15_000);
      const path = at(endpointId, `/runsync?wait=${waitMs}`);
      return call(job, { method: 'POST', path, body: { input }, mode: 'submission', timeoutMs, maxBodyBytes: RUNSYNC_MAX_BYTES });
    },

    status(endpointId, jobId) {
      return call(job, { method: 'GET', path: jobPath(endpointId, 'status', jobId), mode: 'idempotent' });
    },

    cancel(endpointId, jobId) {
      return call(job, { method: 'POST', path: jobPath(endpointId, 'cancel', jobId), mode: 'idempotent' });
    },

    retry(endpointId, jobId) {
      // A repeated /retry on a re-queued job is rejected, and one that raced a worker may run twice.
      return call(submitted, { method: 'POST', path: jobPath(endpointId, 'retry', jobId), mode: 'submission' });
    },

    purgeQueue(endpointId) {
      return request({ method: 'POST', path: at(endpointId, '/purge-queue'), mode: 'idempotent' });
    },

    async download(url, d) {
      const own = new URL(url).origin === new URL(o.baseUrl).origin;
      const res = await fetch(url, { headers: own ? { authorization: `Bearer ${o.apiKey}` } : {}, signal: AbortSignal.timeout(d?.timeoutMs ?? 300_000) }).catch((e: unknown) => {
        throw new RunpodError('NETWORK', `Download of a GPU output failed: ${(e as Error).message}`, { retryable: true });
      });
      if (!res.ok) throw new RunpodError(res.status === 404 ? 'NOT_FOUND' : 'SERVER', `Download of a GPU output failed: HTTP ${res.status}`, { retryable: res.status >= 500 });
      const declared = Number(res.headers.get('content-length') ?? 0);
      if (d?.maxBytes && declared > d.maxBytes) throw new RunpodError('SERVER', `A GPU output of ${declared} bytes exceeds ${d.maxBytes}`, { retryable: false });
      return Buffer.from(await res.arrayBuffer());
    },

    health(endpointId) {
      return call(health, { method: 'GET', path: at(endpointId, '/health'), mode: 'idempotent' });
    },
  };
}
