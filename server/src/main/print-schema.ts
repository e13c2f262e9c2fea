import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { schema } from '../api/schema.js';
import { repoRoot } from '../config/env.js';

/** Writes schema.graphql (lexicographically sorted) at the repository root. */
export const schemaFile = path.join(repoRoot, 'schema.graphql');
export const printedSchema = () => `${printSchema(schema)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(schemaFile, printedSchema());
  console.log(`wrote ${path.relative(process.cwd(), schemaFile)}`);
}
