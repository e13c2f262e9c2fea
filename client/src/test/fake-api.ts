import type { Client } from '@urql/core';
import { createStudioClient } from '../graphql/client';

type Handler = (variables: Record<string, unknown>) => unknown;

export interface FakeSubscription {
  operationName: string;
  variables: Record<string, unknown>;
  push(data: unknown): void;
  complete(): void;
  closed: boolean;
}

/**
 * The studio's own urql client (same exchanges) over a fake API: queries and mutations answer
 * from `handlers` by operation name; subscriptions are handed to the test to push events into.
 */
export function fakeApi(handlers: Record<string, Handler>) {
  const calls: Array<{ operationName: string; variables: Record<string, unknown> }> = [];
  const subscriptions: FakeSubscription[] = [];
  const fetch = (async (url: RequestInfo | URL, init?: RequestInit) => {
    // urql sends queries as GET (within the URL length limit) and mutations as POST.
    const params = new URL(String(url), 'http://studio.test').searchParams;
    const body = (init?.body ? JSON.parse(String(init.body)) : { operationName: params.get('operationName'), variables: JSON.parse(params.get('variables') ?? '{}') }) as {
      operationName: string;
      variables?: Record<string, unknown>;
    };
    const variables = body.variables ?? {};
    calls.push({ operationName: body.operationName, variables });
    const handler = handlers[body.operationName];
    const payload = handler ? { data: handler(variables) } : { errors: [{ message: `no fake for ${body.operationName}` }] };
    return new Response(JSON.stringify(payload), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const client: Client = createStudioClient({
    fetch,
    forwardSubscription: (request) => ({
      subscribe: (sink) => {
        const sub: FakeSubscription = {
          operationName: /subscription\s+(\w+)/.exec(request.query ?? '')?.[1] ?? '?',
          variables: (request.variables ?? {}) as Record<string, unknown>,
          push: (data) => sink.next({ data } as never),
          complete: () => sink.complete(),
          closed: false,
        };
        subscriptions.push(sub);
        return {
          unsubscribe: () => {
            sub.closed = true;
          },
        };
      },
    }),
  });
  return {
    client,
    calls,
    subscriptions,
    /** Calls of one operation, e.g. every TrackEvent. */
    callsOf: (name: string) => calls.filter((c) => c.operationName === name).map((c) => c.variables),
    subscription: (name: string) => {
      const open = subscriptions.filter((s) => s.operationName === name && !s.closed);
      return open[open.length - 1];
    },
  };
}
