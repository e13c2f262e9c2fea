import { readFileSync } from 'node:fs';
import { isInputObjectType, isInterfaceType, isObjectType, isEnumType, isIntrospectionType, isScalarType, isSpecifiedScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/api/schema.js';
import { printedSchema, schemaFile } from '../../src/main/print-schema.js';

describe('schema.graphql', () => {
  it('is up to date (run `pnpm generate`)', () => {
    expect(readFileSync(schemaFile, 'utf8'), 'schema.graphql is stale: run `pnpm generate` and commit it').toBe(printedSchema());
  });

  it('documents every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type) || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
