import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const file = path.resolve(import.meta.dirname, '../../../test-artifacts/faults.json');

/** Adds measured figures of a fault case to test-artifacts/faults.json (for the README table). */
export async function report(name: string, figures: Record<string, unknown>) {
  await mkdir(path.dirname(file), { recursive: true });
  const existing = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  existing[name] = { ...figures, at: new Date().toISOString() };
  await writeFile(file, JSON.stringify(existing, null, 2));
  console.log(`[fault] ${name}: ${JSON.stringify(figures)}`);
}
