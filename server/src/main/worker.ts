import { runMain } from './run.js';

// Worker only: GPU submissions, completions, reconciles.
runMain({ api: false, worker: true });
