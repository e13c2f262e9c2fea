import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const server = path.resolve(import.meta.dirname, '..');
const src = path.join(server, 'src');
const localGpu = path.join(server, 'local-gpu/src');

/** Layer of a file under src/, as ARCHITECTURE.md draws them: the first folder. */
const layerOf = (file: string) => path.relative(src, file).split(path.sep)[0] ?? '';

/**
 * Imports point down: api → domain → queue → providers, with the task handlers (tasks) above the
 * domain they orchestrate and the services type (services) below everything that is handed it;
 * db, config and generated code are shared foundations. Only main (the composition roots) may
 * import everything, and nothing imports main. No exemptions.
 */
const allowed: Record<string, string[]> = {
  main: ['main', 'api', 'domain', 'tasks', 'queue', 'services', 'providers', 'db', 'config', 'generated'],
  api: ['api', 'domain', 'services', 'db', 'config', 'generated'],
  tasks: ['tasks', 'domain', 'queue', 'services', 'providers', 'db', 'config', 'generated'],
  domain: ['domain', 'queue', 'providers', 'db', 'config', 'generated'],
  queue: ['queue', 'db', 'config', 'generated'],
  services: ['services', 'providers', 'db', 'config', 'generated'],
  providers: ['providers', 'config', 'generated'],
  db: ['db', 'config', 'generated'],
  config: ['config'],
  generated: ['generated'],
};

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'generated' && name !== 'node_modules') yield* files(p);
    } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) yield p;
  }
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)/gm)].map((m) => (m[1] ?? m[2])!);
}

const resolveTs = (from: string, spec: string) => path.resolve(path.dirname(from), spec).replace(/\.js$/, '.ts');

describe('layers', () => {
  it('imports only point downward, with no exemptions', () => {
    const violations: string[] = [];
    const vendorSdks = /^(sharp|@supabase\/storage-js|jose)$/;
    for (const file of files(src)) {
      const from = layerOf(file);
      expect(allowed[from], `unknown layer ${from} (${path.relative(src, file)})`).toBeDefined();
      for (const spec of imports(file)) {
        if (vendorSdks.test(spec) && from !== 'providers') violations.push(`${path.relative(src, file)} imports vendor SDK ${spec}`);
        if (spec.startsWith('@content-studio/local-gpu') && from !== 'main') violations.push(`${path.relative(src, file)} (${from}) imports the local GPU; only main starts it`);
        if (!spec.startsWith('.')) continue;
        const to = layerOf(resolveTs(file, spec));
        if (!(allowed[from] ?? []).includes(to)) violations.push(`${path.relative(src, file)} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycles in src/', () => {
    const graph = new Map<string, string[]>();
    for (const file of files(src))
      graph.set(
        file,
        imports(file)
          .filter((s) => s.startsWith('.'))
          .map((s) => resolveTs(file, s)),
      );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') return void cycles.push([...trail.slice(trail.indexOf(f)), f].map((p) => path.relative(src, p)).join(' → '));
      state.set(f, 'open');
      for (const next of graph.get(f) ?? []) if (graph.has(next)) visit(next, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the local GPU a program of its own: it imports nothing of the server', () => {
    const violations: string[] = [];
    for (const file of files(localGpu)) {
      for (const spec of imports(file)) {
        if (spec.startsWith('.') && path.relative(localGpu, resolveTs(file, spec)).startsWith('..')) violations.push(`${path.relative(server, file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps test helpers and scripts out of src/', () => {
    const misplaced = [...files(src)].map((f) => path.relative(src, f)).filter((f) => /(^|\/)(test-|testing|support|fixtures?|bench)[^/]*\.ts$/.test(f));
    expect(misplaced).toEqual([]);
  });
});

describe('the repo explains itself', () => {
  it('cites no document outside the repository in code comments', () => {
    const roots = ['src', 'test', 'bench', 'scripts', 'local-gpu/src', 'local-gpu/test', '../client/src', '../client/e2e'].map((r) => path.join(server, r));
    const offenders: string[] = [];
    for (const root of roots) {
      for (const file of files(root)) {
        if (file.endsWith('architecture.test.ts')) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/\b(DESIGN|STYLE)(\.md)?\b.*(§|rule)|§\s?\d|\bEP-005\b/.test(line)) offenders.push(`${path.relative(server, file)}:${i + 1}`);
          });
      }
    }
    expect(offenders).toEqual([]);
  });
});
