import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../config/env.js';

const DIST = path.join(repoRoot, 'client', 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built studio (client/dist) at `/`, same origin as /graphql. Hashed assets are cached
 * for a year; unknown paths fall back to index.html (client-side routes). Null when not built.
 */
export async function serveStudio(url: URL): Promise<Response | null> {
  if (url.pathname.startsWith('/graphql') || url.pathname.startsWith('/webhooks/') || url.pathname.startsWith('/files/') || url.pathname.startsWith('/downloads/')) return null;
  const rel = path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
  const candidate = path.join(DIST, rel);
  if (!candidate.startsWith(DIST)) return null;
  const file = (await isFile(candidate)) ? candidate : path.join(DIST, 'index.html');
  if (!(await isFile(file))) return null;
  const body = await readFile(file);
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  return new Response(body, {
    headers: {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  });
}

/** Whether the studio has been built (client/dist/index.html exists), so `/` serves it. */
export function studioBuilt(): Promise<boolean> {
  return isFile(path.join(DIST, 'index.html'));
}

async function isFile(p: string) {
  return stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}
