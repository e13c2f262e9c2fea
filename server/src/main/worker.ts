import { main } from './start.js';

// Worker only: GPU submissions, completions, reconciles.
main({ api: false, worker: true }).catch((e) => {
  console.error(e);
  process.exit(1);
});
