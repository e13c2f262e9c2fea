import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Screenshots and server logs of the last run (git-ignored). */
export const artifactsDir = path.join(repoRoot, 'test-artifacts');
