/**
 * The local GPU: the embedded default GPU and RunPod's test double. A loopback
 * server speaking RunPod's serverless API, whose workers behave like worker-comfyui:
 *
 *   POST /v2/{endpointId}/run              {input, webhook?, policy?} → {id, status: IN_QUEUE}   (≤ 10 MB)
 *   POST /v2/{endpointId}/runsync?wait=ms  waits 1–300 s (default 90) → status body            (≤ 20 MB)
 *   GET  /v2/{endpointId}/status/{jobId}   {id, status, delayTime, executionTime, output?, error?, workerId?}
 *   POST /v2/{endpointId}/cancel/{jobId}   POST /v2/{endpointId}/retry/{jobId}
 *   POST /v2/{endpointId}/purge-queue      GET  /v2/{endpointId}/health
 *   POST /_local/config/{endpointId}       GET  /_local/config/{endpointId}    GET /_local/stats
 *   GET  /_local/jobs/{endpointId}         every retained job: id, status, executionTime
 *   GET  /_local/volume/{path}             a file of the simulated volume (a trained LoRA)
 *
 * Training endpoints ('lora-training', 'training') run a LoRA trainer: input { dataset_url,
 * trigger_word, base_model, steps, learning_rate, lora_rank, resolution, batch_size, seed,
 * output { volume_path } } → output { lora { volume_path, url, sha256, size_bytes }, steps_completed }.
 *
 * Every route needs `Authorization: Bearer <apiKey>`.
 */
export { startLocalGpu } from './local-gpu.js';
export { DEFAULT_ENDPOINT_CONFIG } from './config.js';
export { PngData } from './job.js';
export type { EndpointConfig, FailureRule, HandlerContext, HandlerResult, JobHandler, LocalGpu, LocalGpuOptions, LocalGpuStats } from './types.js';
