import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type http from 'node:http';
import { endpointConfigPatch } from './config.js';
import type { Endpoint, Submission } from './endpoint.js';
import { statusBody, type Job } from './job.js';
import type { LimitedRoute, RateLimiter } from './rate-limiter.js';
import type { EndpointConfig, LocalGpu } from './types.js';

/** What the routes need from the running local GPU. */
export interface GpuApp {
  apiKey: string;
  /** the simulated network volume, whose files GET /_local/volume/{path} serves */
  volumeDir?: string;
  limiter: RateLimiter;
  endpoint(id: string): Endpoint;
  configure(id: string, patch: Partial<EndpointConfig>): void;
  stats: LocalGpu['stats'];
  now(): number;
}

const MB = 1024 * 1024;
const RUN_MAX_BYTES = 10 * MB;
const RUNSYNC_MAX_BYTES = 20 * MB;
const CONFIG_MAX_BYTES = 1 * MB;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A file of the simulated volume (a trained LoRA), as a worker's download URL serves it. */
async function sendVolumeFile(res: http.ServerResponse, dir: string | undefined, segments: string[]): Promise<void> {
  if (!dir || segments.some((s) => s === '..' || s === '.' || s.includes('\\'))) throw new HttpError(404, 'Not found');
  const root = path.resolve(dir);
  const file = path.resolve(root, ...segments);
  if (!file.startsWith(root + path.sep)) throw new HttpError(404, 'Not found');
  const bytes = await readFile(file).catch(() => null);
  if (!bytes) throw new HttpError(404, `No file ${segments.join('/')} on the volume`);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
  res.end(bytes);
}

function authorized(req: http.IncomingMessage, apiKey: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!.trim());
  const expected = Buffer.from(apiKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Reads the whole body; past `limit` it keeps draining (so the client sees the 413) but stores nothing. */
async function readJson(req: http.IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `Payload of ${declared} bytes exceeds the ${limit / MB} MB limit`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw new HttpError(413, `Payload of ${size} bytes exceeds the ${limit / MB} MB limit`);
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

function submission(body: unknown, sync: boolean): Submission {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('input' in body)) {
    throw new HttpError(400, "Request body must be a JSON object with an 'input' field");
  }
  const { input, webhook, policy } = body as { input: unknown; webhook?: unknown; policy?: unknown };
  if (webhook !== undefined && webhook !== null && (typeof webhook !== 'string' || !/^https?:\/\//.test(webhook))) {
    throw new HttpError(400, "'webhook' must be an http(s) URL");
  }
  const p = (policy ?? {}) as Record<string, unknown>;
  const num = (v: unknown, name: string) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new HttpError(400, `'policy.${name}' must be a positive number of ms`);
    return v;
  };
  return {
    input,
    webhook: typeof webhook === 'string' ? webhook : undefined,
    policy: { executionTimeout: num(p.executionTimeout, 'executionTimeout'), ttl: num(p.ttl, 'ttl'), lowPriority: p.lowPriority === true },
    sync,
  };
}

function limit(app: GpuApp, endpointId: string, route: LimitedRoute): void {
  const taken = app.limiter.take(endpointId, route);
  if (!taken.ok) {
    const retryAfter = String(Math.ceil(taken.retryAfterMs / 1000));
    throw new HttpError(429, `Rate limit exceeded: /${route} allows ${app.limiter.limitOf(route)} requests per 10 s`, { 'retry-after': retryAfter });
  }
}

function job(endpoint: Endpoint, jobId: string | undefined): Job {
  const found = jobId ? endpoint.get(jobId) : undefined;
  if (!found) throw new HttpError(404, `Job ${jobId ?? ''} not found (unknown or expired)`);
  return found;
}

function allow(req: http.IncomingMessage, ...methods: string[]): void {
  if (!methods.includes(req.method ?? '')) throw new HttpError(405, `${req.method} not allowed here; use ${methods.join(' or ')}`);
}

/** Routes of RunPod's serverless API under /v2/{endpointId}, plus /_local for tests and benchmarks. */
async function route(app: GpuApp, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (!authorized(req, app.apiKey)) throw new HttpError(401, 'Unauthorized');

  if (parts[0] === '_local') {
    if (parts[1] === 'stats' && parts.length === 2) {
      allow(req, 'GET');
      return send(res, 200, app.stats());
    }
    if (parts[1] === 'jobs' && parts.length === 3) {
      allow(req, 'GET');
      return send(res, 200, { jobs: app.endpoint(parts[2]!).list() });
    }
    if (parts[1] === 'volume' && parts.length > 2) {
      allow(req, 'GET');
      return sendVolumeFile(res, app.volumeDir, parts.slice(2));
    }
    if (parts[1] === 'config' && parts.length === 3) {
      allow(req, 'GET', 'POST');
      if (req.method === 'POST') {
        const patch = endpointConfigPatch.safeParse((await readJson(req, CONFIG_MAX_BYTES)) ?? {});
        if (!patch.success) throw new HttpError(400, `Invalid endpoint config: ${patch.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        app.configure(parts[2]!, patch.data);
      }
      return send(res, 200, app.endpoint(parts[2]!).currentConfig);
    }
    throw new HttpError(404, 'Not found');
  }

  const [v2, endpointId, action, jobId, ...rest] = parts;
  if (v2 !== 'v2' || !endpointId || !action || rest.length > 0) throw new HttpError(404, 'Not found');
  const endpoint = app.endpoint(endpointId);
  switch (action) {
    case 'run':
    case 'runsync': {
      allow(req, 'POST');
      if (jobId) throw new HttpError(404, 'Not found');
      limit(app, endpointId, 'run');
      const sync = action === 'runsync';
      const submitted = endpoint.submit(submission(await readJson(req, sync ? RUNSYNC_MAX_BYTES : RUN_MAX_BYTES), sync));
      if (!sync) {
        const delay = endpoint.runAnswerDelay();
        if (delay) await new Promise((r) => setTimeout(r, delay));
        return send(res, 200, { id: submitted.id, status: submitted.status });
      }
      const wait = Math.min(300_000, Math.max(1000, Number(url.searchParams.get('wait')) || 90_000));
      const gone = new AbortController();
      res.on('close', () => gone.abort());
      await endpoint.waitForFinal(submitted, wait, gone.signal);
      return send(res, 200, statusBody(submitted, app.now()));
    }
    case 'status':
      allow(req, 'GET', 'POST');
      limit(app, endpointId, 'status');
      return send(res, 200, statusBody(job(endpoint, jobId), app.now()));
    case 'cancel': {
      allow(req, 'POST');
      limit(app, endpointId, 'cancel');
      const cancelled = endpoint.cancel(job(endpoint, jobId).id)!;
      return send(res, 200, { id: cancelled.id, status: cancelled.status });
    }
    case 'retry': {
      allow(req, 'POST');
      limit(app, endpointId, 'run');
      const retried = endpoint.retry(job(endpoint, jobId).id);
      if (retried === 'not_retryable' || !retried) throw new HttpError(400, `Job ${jobId} cannot be retried: only FAILED or TIMED_OUT jobs can`);
      return send(res, 200, { id: retried.id, status: retried.status });
    }
    case 'purge-queue':
      allow(req, 'POST');
      if (jobId) throw new HttpError(404, 'Not found');
      return send(res, 200, { removed: endpoint.purgeQueue(), status: 'completed' });
    case 'health':
      allow(req, 'GET');
      if (jobId) throw new HttpError(404, 'Not found');
      return send(res, 200, endpoint.health());
    default:
      throw new HttpError(404, 'Not found');
  }
}

export function createRequestListener(app: GpuApp): http.RequestListener {
  return (req, res) => {
    route(app, req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof HttpError) return send(res, err.status, { error: err.message }, err.headers);
      send(res, 500, { error: `Internal error: ${err instanceof Error ? err.message : String(err)}` });
    });
  };
}
