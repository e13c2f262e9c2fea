import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import type { GraphqlHandler } from '../../src/api/yoga.js';

/** Executes a typed document through `yoga.fetch` (the real HTTP handler, no socket). */
export async function execute<R, V>(
  yoga: GraphqlHandler,
  document: TypedDocumentNode<R, V>,
  variables?: V,
  options: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<ExecutionResult<R> & { status: number }> {
  const response = await yoga.fetch('http://studio.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as ExecutionResult<R>;
  return { ...body, status: response.status };
}

/** Like execute, but fails the test on any GraphQL error and returns `data`. */
export async function executeOk<R, V>(yoga: GraphqlHandler, document: TypedDocumentNode<R, V>, variables?: V, options: { token?: string | null } = {}): Promise<R> {
  const result = await execute(yoga, document, variables, options);
  if (result.errors?.length || !result.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}
