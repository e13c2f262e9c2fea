import { createClient, type Client } from 'graphql-ws';
import { print, type ExecutionResult } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import WebSocket from 'ws';

/** A graphql-ws client to the app (real WebSocket), authenticated with a bearer token. */
export function wsClient(appUrl: string, token: string, options: { retryAttempts?: number } = {}): Client {
  return createClient({
    url: `${appUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: options.retryAttempts ?? 0,
    lazy: true,
  });
}

/** Collects a subscription's results until `until` says stop (or the server completes it). */
export async function collect<R, V extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<R, V>,
  variables: V,
  until: (result: ExecutionResult<R>) => boolean,
  timeoutMs = 60_000,
): Promise<ExecutionResult<R>[]> {
  const results: ExecutionResult<R>[] = [];
  const iterator = client.iterate<R>({ query: print(document), variables });
  const timer = setTimeout(() => void iterator.return?.(), timeoutMs);
  try {
    for await (const result of iterator) {
      results.push(result as ExecutionResult<R>);
      if (until(result as ExecutionResult<R>)) break;
    }
  } finally {
    clearTimeout(timer);
    await iterator.return?.();
  }
  return results;
}

/** Reads a GraphQL-over-SSE subscription (distinct connections mode) through fetch. */
export async function collectSse<R>(
  appUrl: string,
  token: string,
  document: TypedDocumentNode<R, Record<string, unknown>>,
  variables: Record<string, unknown>,
  until: (result: ExecutionResult<R>) => boolean,
): Promise<ExecutionResult<R>[]> {
  const controller = new AbortController();
  const response = await fetch(`${appUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(document), variables }),
    signal: controller.signal,
  });
  const results: ExecutionResult<R>[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (!data) continue;
        const result = JSON.parse(data) as ExecutionResult<R>;
        results.push(result);
        if (until(result)) return results;
      }
    }
  } finally {
    controller.abort();
  }
  return results;
}
