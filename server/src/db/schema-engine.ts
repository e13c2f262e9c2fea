import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { connectionFields, schemaEnginePool } from './pg-pool.js';

const require = createRequire(import.meta.url);

type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
let bindings: Promise<Bindings> | undefined;

/**
 * Instantiates Prisma's WebAssembly schema engine by hand: Node 20 cannot import `.wasm` ES
 * modules without `--experimental-wasm-modules`.
 */
function loadBindings(): Promise<Bindings> {
  bindings ??= (async () => {
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    const bg: Bindings = await import(path.join(dir, 'schema_engine_bg.js'));
    const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, {
      './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return bindings;
}

/**
 * Adapter factory for the engine: the main database through an introspection-safe pool, and
 * shadow databases it creates and drops itself (the stock factory would reconnect to the main DB
 * when given a connection string, and cannot drop a database its own pool still holds).
 */
function adapterFactory(url: string, settings: Record<string, string>): SqlMigrationAwareDriverAdapterFactory & { close(): Promise<void> } {
  const fields = connectionFields(url);
  const mainPool = schemaEnginePool({ ...fields, ...sessionOptions(settings) });
  const main = new PrismaPg(mainPool);
  return {
    provider: 'postgres',
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb() {
      const database = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client(fields);
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${database}"`);
      } finally {
        await admin.end();
      }
      const shadowPool = schemaEnginePool({ ...fields, database });
      const adapter = await new PrismaPg(shadowPool).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await shadowPool.end();
        const dropper = new pg.Client(fields);
        await dropper.connect();
        try {
          await dropper.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      };
      return adapter;
    },
    close: () => mainPool.end(),
  };
}

/** Session settings as a libpq `options` string (`-c name=value`); names and values are checked, not quoted. */
function sessionOptions(settings: Record<string, string>): { options?: string } {
  const parts = Object.entries(settings).map(([name, value]) => {
    if (!/^[a-z_]+\.[a-z_]+$/.test(name) || !/^[A-Za-z0-9._-]*$/.test(value)) throw new Error(`Unsafe migration setting ${name}=${value}`);
    return `-c ${name}=${value}`;
  });
  return parts.length ? { options: parts.join(' ') } : {};
}

/** Runs `fn` with a schema engine bound to the database at `url` (main-database sessions get `settings`); always releases it. */
export async function withSchemaEngine<T>(
  url: string,
  datamodel: { path: string; content: string },
  settings: Record<string, string>,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const bg = await loadBindings();
  const factory = adapterFactory(url, settings);
  const logs: string[] = [];
  const engine = await bg.SchemaEngine.new({ datamodels: [[datamodel.path, datamodel.content]] }, (log: string) => logs.push(log), bindMigrationAwareSqlAdapterFactory(factory));
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await factory.close();
  }
}
