import { main } from './start.js';

// API only: pair with `start:worker` processes (scale both horizontally; Postgres is the only state).
main({ api: true, worker: false }).catch((e) => {
  console.error(e);
  process.exit(1);
});
