import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../src');

/** Layer of a file under src/, as STYLE.md draws them. */
function layerOf(file: string): string {
  const rel = path.relative(src, file).split(path.sep);
  if (rel[0] === 'tasks' && /^catalog\.(ts|js)$/.test(rel[1] ?? '')) return 'tasks/catalog';
  return rel[0] ?? '';
}

/**
 * Imports point down: api → domain → tasks/catalog → providers; task implementations sit above
 * the domain they orchestrate; db, config and generated code are shared foundations; only main
 * (the composition roots) may import everything. `main/services.ts` is the services contract the
 * layers are handed, so its type is importable from anywhere.
 */
const allowed: Record<string, string[]> = {
  main: ['main', 'api', 'domain', 'tasks', 'tasks/catalog', 'providers', 'db', 'config', 'generated'],
  api: ['api', 'domain', 'db', 'config', 'generated'],
  domain: ['domain', 'tasks/catalog', 'providers', 'db', 'config', 'generated'],
  tasks: ['tasks', 'tasks/catalog', 'domain', 'providers', 'db', 'config', 'generated'],
  'tasks/catalog': ['providers', 'db', 'config', 'generated'],
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

describe('layers', () => {
  it('imports only point downward', () => {
    const violations: string[] = [];
    const vendorSdks = /^(sharp|@supabase\/storage-js|jose)$/;
    for (const file of files(src)) {
      const from = layerOf(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        if (vendorSdks.test(spec) && from !== 'providers') violations.push(`${path.relative(src, file)} imports vendor SDK ${spec}`);
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), spec);
        if (path.relative(src, target) === path.join('main', 'services.js')) continue;
        const to = layerOf(target);
        if (!(allowed[from] ?? []).includes(to)) violations.push(`${path.relative(src, file)} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
