import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';
import { acceptGpuWebhook } from '../domain/gpu-jobs/webhook.js';
import type { AppServices } from '../services/app-services.js';
import { downloadRoute } from './downloads.js';
import { graphiqlAsset } from './graphiql-assets.js';
import { serveStudio } from './studio.js';

const webhookBody = z.object({ id: z.string().min(1).max(200), status: z.string().max(40).optional() }).passthrough();
const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * Non-GraphQL routes on the same server: RunPod webhooks, signed local asset files, downloads, health,
 * GraphiQL's own assets.
 * Served from Yoga's onRequest so one HTTP stack handles everything.
 */
export function routesPlugin(app: AppServices): Plugin {
  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      if (url.pathname === '/healthz') return endResponse(json({ ok: true, gpu: app.gpuHealth() }));
      if (url.pathname === '/graphql' && Number(request.headers.get('content-length') ?? 0) > app.env.UPLOAD_MAX_BYTES + 1024 * 1024) {
        return endResponse(json({ errors: [{ message: 'Request body too large.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }, 413));
      }
      const hook = /^\/webhooks\/runpod\/([^/]+)$/.exec(url.pathname);
      if (hook) return endResponse(await runpodWebhook(app, request, hook[1]!));
      if (url.pathname === '/studio-session') return endResponse(studioSession(app, request, remoteAddress(serverContext)));
      const download = await downloadRoute(app, request, url.pathname);
      if (download) return endResponse(download);
      const file = await app.files?.(request);
      if (file) return endResponse(file);
      if (request.method === 'GET' || request.method === 'HEAD') {
        const asset = await graphiqlAsset(url.pathname);
        if (asset) return endResponse(asset);
        const page = await serveStudio(url);
        if (page) return endResponse(page);
      }
    },
  };
}

async function runpodWebhook(app: AppServices, request: Request, token: string): Promise<Response> {
  if (request.method !== 'POST') return json({ error: 'method not allowed' }, 405);
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_WEBHOOK_BYTES) return json({ error: 'payload too large' }, 413);
  let body: z.infer<typeof webhookBody>;
  try {
    body = webhookBody.parse(await request.json());
  } catch {
    return json({ error: 'expected a RunPod job status body' }, 400);
  }
  const accepted = await acceptGpuWebhook(app.db, token, body.id);
  return accepted ? json({ received: true }) : json({ error: 'unknown webhook' }, 404);
}

/**
 * Embedded mode only: hands the demo user's dev token to a studio opened on this machine, so the
 * studio works out of the box. Never when the demo user is off, and never to remote clients.
 */
function studioSession(app: AppServices, request: Request, remote: string | undefined): Response {
  const token = app.devToken();
  const loopback = remote !== undefined && /^(127\.|::1$|::ffff:127\.)/.test(remote) && !request.headers.get('x-forwarded-for');
  if (!token || !loopback) return json({ token: null, reason: 'Sign in with Supabase Auth or paste an API token.' });
  return json({ token });
}

/** The TCP peer of a Node request (yoga.fetch in tests has none: not loopback). */
function remoteAddress(serverContext: unknown): string | undefined {
  return (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress;
}
