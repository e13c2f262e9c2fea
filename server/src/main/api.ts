import { runMain } from './run.js';

// API only: pair with `start:worker` processes (scale both horizontally; Postgres is the only state).
runMain({ api: true, worker: false });
