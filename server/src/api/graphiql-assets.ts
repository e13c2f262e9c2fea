import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

// GraphiQL's built bundle comes from the installed @graphql-yoga/graphiql package, never a CDN:
// the page must work on a machine without internet.
const require = createRequire(import.meta.url);
const packageJson = require.resolve('@graphql-yoga/graphiql/package.json');
const DIST = path.join(path.dirname(packageJson), 'dist');

/** Version of the installed GraphiQL bundle; part of every asset URL, so URLs can be cached forever. */
export const graphiqlVersion = (require(packageJson) as { version: string }).version;

/** Root-relative base of the GraphiQL assets (works from whatever host the page was opened on). */
export const graphiqlAssetBase = `/graphiql-assets/${graphiqlVersion}`;

/** The files the page loads, by URL path below the base: the bundle, its CSS and Monaco's workers. */
const FILES: Record<string, string> = {
  'graphiql.css': 'text/css; charset=utf-8',
  'yoga-graphiql.umd.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/editor.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/json.worker.bundle.js': 'text/javascript; charset=utf-8',
  // Sic: the package names its GraphQL worker with two dots.
  'monacoeditorwork/graphql.worker..bundle.js': 'text/javascript; charset=utf-8',
};

const cache = new Map<string, Promise<Buffer>>();

/** Serves `/graphiql-assets/<version>/<file>` from the installed package; null for other paths. */
export async function graphiqlAsset(pathname: string): Promise<Response | null> {
  if (!pathname.startsWith('/graphiql-assets/')) return null;
  const file = pathname.startsWith(`${graphiqlAssetBase}/`) ? pathname.slice(graphiqlAssetBase.length + 1) : '';
  const type = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
  if (!type) return new Response('not found', { status: 404 });
  let body = cache.get(file);
  if (!body) {
    body = readFile(path.join(DIST, file));
    cache.set(file, body);
    body.catch(() => cache.delete(file));
  }
  return new Response(new Uint8Array(await body), { headers: { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' } });
}
