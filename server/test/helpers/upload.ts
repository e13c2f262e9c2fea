import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import type { GraphqlHandler } from '../../src/api/yoga.js';

/**
 * Sends a GraphQL multipart request (the upload spec) through yoga.fetch: `files` maps variable
 * paths such as "input.image" to file parts.
 */
export async function executeUpload<R, V>(
  yoga: GraphqlHandler,
  document: TypedDocumentNode<R, V>,
  variables: V,
  files: Record<string, { bytes: Buffer; name: string; type: string }>,
  token: string,
): Promise<ExecutionResult<R> & { status: number }> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: print(document), variables }));
  const paths = Object.keys(files);
  form.set('map', JSON.stringify(Object.fromEntries(paths.map((p, i) => [String(i), [`variables.${p}`]]))));
  paths.forEach((p, i) => {
    const f = files[p]!;
    form.set(String(i), new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  });
  const response = await yoga.fetch('http://studio.test/graphql', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' },
    body: form,
  });
  return { ...((await response.json()) as ExecutionResult<R>), status: response.status };
}
