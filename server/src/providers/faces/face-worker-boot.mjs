// Face-models process entry when the server runs from TypeScript sources: register tsx, then load
// the worker itself, named by the first argument (the bundled build forks dist/face-worker.js directly).
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
