// Worker-thread entry when the server runs from TypeScript sources: register tsx, then load the
// worker itself (the bundled build starts dist/face-worker.js directly).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
