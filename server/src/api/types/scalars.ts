import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.js';

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO-8601 string in UTC.',
  serialize: (d) => (d instanceof Date ? d.toISOString() : new Date(String(d)).toISOString()),
  parseValue: (v) => {
    const d = new Date(String(v));
    if (Number.isNaN(d.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return d;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return new Date(ast.value);
  },
});

builder.scalarType('JSON', {
  description: 'Arbitrary JSON (analytics properties, generation metadata).',
  serialize: (v) => v,
  parseValue: (v) => v,
});

builder.scalarType('Upload', {
  description: 'A file sent with the GraphQL multipart request spec (multipart/form-data).',
  serialize: () => {
    throw new GraphQLError('Upload is an input-only scalar');
  },
  parseValue: (v) => {
    // Yoga's multipart parser hands over its own File implementation: check the shape, not the class.
    const f = v as Partial<File> | null;
    if (!f || typeof f !== 'object' || typeof f.arrayBuffer !== 'function' || typeof f.size !== 'number') {
      throw new GraphQLError('Upload must be a file part of a multipart request');
    }
    return v as File;
  },
});
