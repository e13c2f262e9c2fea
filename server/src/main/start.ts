import { runMain } from './run.js';

// All-in-one: API + worker (+ embedded PostgreSQL and local GPU when not configured).
runMain();
