import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mergeConfig } from './config.js';
import { emptyStats, Endpoint } from './endpoint.js';
import { createRequestListener } from './http.js';
import { statusBody } from './job.js';
import { DEFAULT_RATE_LIMITS, RateLimiter } from './rate-limiter.js';
import { Renderer } from './render/renderer.js';
import { Retention } from './retention.js';
import type { EndpointConfig, JobHandler, LocalGpu, LocalGpuOptions, LocalGpuStats } from './types.js';
import { WebhookSender } from './webhooks.js';
import { Volume } from './volume.js';
import { createTrainerHandler } from './trainer.js';
import { createComfyHandler } from './worker-comfyui.js';

/** Endpoint ids whose workers are the LoRA trainer unless `trainingEndpoints` says otherwise. */
const DEFAULT_TRAINING_ENDPOINTS = ['lora-training', 'training'];

/**
 * Starts the local GPU: a loopback server speaking RunPod's serverless API for worker-comfyui
 * image endpoints and a LoRA trainer. Any endpoint id works; unknown ids get `defaults`.
 */
export async function startLocalGpu(options: LocalGpuOptions = {}): Promise<LocalGpu> {
  const apiKey = options.apiKey ?? 'local-gpu-key';
  const now = () => Date.now();
  const global = emptyStats();
  const endpoints = new Map<string, Endpoint>();
  const comfy = createComfyHandler({ volume: new Volume(options.modelFiles ?? {}, options.volumeDir), renderer: new Renderer() });
  let origin = '';
  const trainer = createTrainerHandler({ volumeDir: options.volumeDir, fileUrl: (p) => `${origin}/_local/volume/${p.split('/').map(encodeURIComponent).join('/')}` });
  const handlers: Record<string, JobHandler> = Object.fromEntries((options.trainingEndpoints ?? DEFAULT_TRAINING_ENDPOINTS).map((id) => [id, trainer]));
  Object.assign(handlers, options.handlers);
  const webhooks = new WebhookSender({ retryDelayMs: options.webhookRetryDelayMs ?? 10_000, timeoutMs: options.webhookTimeoutMs ?? 10_000 }, (id) => [global, endpoint(id).stats]);
  const retention = new Retention(
    {
      resultTtlMs: options.resultTtlMs ?? 30 * 60_000,
      runsyncResultTtlMs: options.runsyncResultTtlMs ?? 60_000,
      maxBytes: options.maxRetainedOutputBytes ?? 1024 * 1024 * 1024,
    },
    (job) => endpoints.get(job.endpointId)?.forget(job),
    now,
  );

  function endpoint(id: string): Endpoint {
    let ep = endpoints.get(id);
    if (!ep) {
      ep = new Endpoint(id, mergeConfig(options.defaults, options.endpoints?.[id]), {
        handler: handlers[id] ?? comfy,
        now,
        global,
        onFinal(job) {
          retention.track(job);
          // The body is the /status body at the moment the job became final, as RunPod sends it.
          if (job.webhook && !endpoints.get(job.endpointId)?.loseWebhook()) webhooks.send(job.endpointId, job.webhook, JSON.stringify(statusBody(job, now())));
        },
        onRequeue: (job) => retention.untrack(job),
      });
      endpoints.set(id, ep);
    }
    return ep;
  }
  for (const id of Object.keys(options.endpoints ?? {})) endpoint(id);

  const configure = (id: string, patch: Partial<EndpointConfig>) => endpoint(id).configure(patch);
  const stats = () => {
    const perEndpoint: Record<string, LocalGpuStats> = {};
    for (const [id, ep] of endpoints) perEndpoint[id] = { ...ep.stats };
    return { ...global, endpoints: perEndpoint };
  };

  const server = http.createServer(
    createRequestListener({ apiKey, volumeDir: options.volumeDir, limiter: new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMITS, now), endpoint, configure, stats, now }),
  );
  // Runsync holds requests for up to 5 min; Node's default 5-min request timeout would cut the longest.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const sweeper = setInterval(() => retention.sweep(), Math.min(10_000, options.resultTtlMs ?? 10_000));
  sweeper.unref();

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;
  return {
    url: `http://${host}:${address.port}/v2`,
    apiKey,
    configure,
    stats,
    async close() {
      clearInterval(sweeper);
      webhooks.close();
      for (const ep of endpoints.values()) ep.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
