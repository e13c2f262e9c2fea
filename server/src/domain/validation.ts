import type { z } from 'zod';
import { InvalidInputError } from './errors.js';

/** Parses `input` with a zod schema, turning failures into one typed InvalidInputError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
  const first = issues[0];
  throw new InvalidInputError(first ? `${first.path.join('.') || 'input'}: ${first.message}` : 'Invalid input', issues);
}

/** GraphQL passes explicit nulls for omitted optional fields; absent means "default/unchanged". */
export function withoutNulls<T>(input: T): T {
  if (!input || typeof input !== 'object') return input;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as T;
}
