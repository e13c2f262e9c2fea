export { startLocalGpu } from './local-gpu.js';
export { DEFAULT_ENDPOINT_CONFIG } from './config.js';
export type { EndpointConfig, FailureRule, LocalGpu, LocalGpuOptions, LocalGpuStats } from './types.js';
