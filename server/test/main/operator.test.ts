import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraphqlHandler } from '../../src/api/yoga.js';
import { JobDoc } from '../api/generation-documents.js';
import type { TestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { executeOk } from '../helpers/graphql.js';
import { startPack } from '../helpers/packs.js';
import { spawnEntry, spawnServer, type ServerProcess } from '../helpers/processes.js';
import { influencerWithFace } from '../helpers/studio.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function tempDir() {
  const dir = await mkdtemp(path.join(tmpdir(), 'studio-operator-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A port held by "another program" for the duration of the test file. */
async function takenPort(host: string): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as { port: number }).port;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The API of a server process, for the helpers that take a TestApp: yoga.fetch over real HTTP. */
const remote = (url: string) =>
  ({ url, yoga: { fetch: (input: string, init?: RequestInit) => fetch(input.replace('http://studio.test', url), init) } as unknown as GraphqlHandler }) as TestApp;

/** GET through loopback with another Host header, as a browser on the LAN sends it. */
function getWithHost(url: string, host: string): Promise<{ status: number; type: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a taken port', () => {
  it.each(['PORT', 'EMBEDDED_PG_PORT', 'LOCAL_GPU_PORT'])('%s: one line naming the port and the variable, exit code 1, no stack trace', async (variable) => {
    const db = variable === 'EMBEDDED_PG_PORT' ? null : await createTestDatabase();
    if (db) cleanups.push(() => db.drop());
    const port = await takenPort(variable === 'PORT' ? '0.0.0.0' : '127.0.0.1');
    const env: Record<string, string> = { DATA_DIR: await tempDir(), PORT: '0', DATABASE_URL: db?.url ?? '', EMBEDDED_PG_PORT: String(await freePort()), [variable]: String(port) };
    const run = spawnEntry('start', env);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toBe(`[studio] Port ${port} (${variable}) is already in use by another program: stop that program or set ${variable} to a free port.\n`);
    expect(run.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
  });
});

describe('stopping and starting again', () => {
  it('stops on Ctrl-C (SIGINT to the process group) and SIGTERM with exit 0 and no error output; a pack in flight completes after the next start', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      DATA_DIR: await tempDir(),
      DATABASE_URL: '',
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(port),
      SEED_DEMO_USER: 'true',
      LOCAL_GPU_WORKERS: '1',
      LOCAL_GPU_STEP_MS: '60',
      RECONCILE_INTERVAL_MS: '300',
      RECONCILE_MIN_AGE_MS: '1000',
      GPU_RETRY_BACKOFF_MS: '100',
    };
    const start = async () => {
      const server = await spawnServer('start', env, url, { detached: true });
      cleanups.push(() => server.kill9());
      return server;
    };
    const errorOutput = (server: ServerProcess) =>
      server
        .output()
        .split('\n')
        .filter((l) => /error|fail|exception|^\s+at |ELIFECYCLE/i.test(l));

    const first = await start();
    expect(first.output()).toContain(`[studio] GraphQL + GraphiQL: http://localhost:${port}/graphql`);
    const { token } = (await (await fetch(`${url}/studio-session`)).json()) as { token: string };
    const api = remote(url);
    const influencerId = await influencerWithFace(api, token);
    const started = await startPack(api, token, { influencerId, scene: 'professional_portrait', environment: 'office', count: 4 });
    const jobId = started.job.id;
    const read = async () => (await executeOk(api.yoga, JobDoc, { id: jobId }, { token })).generationJob!;
    for (let t = Date.now(); (await read()).progress.completed < 1;) {
      if (Date.now() - t > 30_000) throw new Error('no image completed');
      await new Promise((r) => setTimeout(r, 100));
    }
    const before = await read();
    expect(before.progress.completed).toBeLessThan(4); // the pack really is in flight

    // Ctrl-C in a terminal: every process of the group gets SIGINT (the embedded PostgreSQL too).
    process.kill(-first.child.pid!, 'SIGINT');
    expect(await first.exited).toBe(0);
    expect(errorOutput(first)).toEqual([]);
    expect(first.stderr()).toBe('');

    const second = await start();
    for (let t = Date.now(); (await read()).status !== 'COMPLETED';) {
      if (Date.now() - t > 60_000) throw new Error(`pack did not complete after the restart: ${JSON.stringify(await read())}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const after = await read();
    expect(after.progress).toMatchObject({ completed: 4, failed: 0, total: 4 });

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(errorOutput(second)).toEqual([]);
    expect(second.stderr()).toBe('');
  });
});

describe('asset URLs from any host', () => {
  it('are relative without PUBLIC_URL, and serve through a non-loopback Host header; PUBLIC_URL makes them absolute', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { DATA_DIR: await tempDir(), DATABASE_URL: db.url, PORT: String(port), SEED_DEMO_USER: 'true', WORKER_IN_PROCESS: 'false' };
    const server = await spawnServer('start', env, url);
    cleanups.push(() => server.kill9());
    expect(server.output()).toMatch(/warning: PUBLIC_URL is unset and the server listens on 0\.0\.0\.0/);
    const { token } = (await (await fetch(`${url}/studio-session`)).json()) as { token: string };
    const api = remote(url);
    await influencerWithFace(api, token);
    const { data } = (await (
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `{ influencers(first: 1) { edges { node { baseImage { url thumbnailUrl } } } } }` }),
      })
    ).json()) as { data: { influencers: { edges: Array<{ node: { baseImage: { url: string; thumbnailUrl: string } } }> } } };
    const image = data.influencers.edges[0]!.node.baseImage;
    expect(image.url).toMatch(/^\/files\//);
    expect(image.thumbnailUrl).toMatch(/^\/files\//);
    // A browser on another machine opened http://192.168.1.50:<port>/ and asks for the image there.
    for (const u of [image.url, image.thumbnailUrl]) {
      const got = await getWithHost(`${url}${u}`, `192.168.1.50:${port}`);
      expect(got).toMatchObject({ status: 200 });
      expect(got.type).toMatch(/^image\//);
      expect(got.bytes).toBeGreaterThan(100);
    }
    await server.stop();

    const withPublicUrl = await spawnServer('start', { ...env, PUBLIC_URL: 'http://studio.lan:8080/' }, url);
    cleanups.push(() => withPublicUrl.kill9());
    expect(withPublicUrl.output()).not.toContain('warning: PUBLIC_URL');
    expect(withPublicUrl.output()).toContain('[studio] GraphQL + GraphiQL: http://studio.lan:8080/graphql');
    const again = (await (
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `{ influencers(first: 1) { edges { node { baseImage { url } } } } }` }),
      })
    ).json()) as { data: { influencers: { edges: Array<{ node: { baseImage: { url: string } } }> } } };
    const absolute = again.data.influencers.edges[0]!.node.baseImage.url;
    expect(absolute).toMatch(/^http:\/\/studio\.lan:8080\/files\//);
    expect((await getWithHost(`${url}${new URL(absolute).pathname}${new URL(absolute).search}`, 'studio.lan:8080')).status).toBe(200);
    await withPublicUrl.stop();
  });
});
