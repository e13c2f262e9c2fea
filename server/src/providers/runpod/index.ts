export { createRunpodClient } from './client.js';
export { RunpodError, type RunpodErrorCode } from './errors.js';
export { interpretJob, parseRunpodError, type JobOutcome, type ParsedRunpodError } from './interpret.js';
export type { RunpodClient, RunpodClientOptions, RunpodJob, RunpodRunOptions, RunpodStatus } from './types.js';
