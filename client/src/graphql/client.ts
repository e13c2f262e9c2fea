import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type SubscriptionForwarder } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { createSignal } from 'solid-js';
import { token } from './session';

export type ConnectionState = 'idle' | 'connected' | 'reconnecting';

const [connection, setConnection] = createSignal<ConnectionState>('idle');
/** State of the live (WebSocket) connection, for the "reconnecting…" banner. */
export { connection };

/** Waits 0.5 s, 1 s, 2 s, then every 3 s: an API restart takes a few seconds. */
export function retryDelay(attempt: number) {
  return Math.min(500 * 2 ** attempt, 3000);
}

function wsUrl() {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

/**
 * graphql-ws with retries for ever and keep-alive pings: when the API restarts, the client
 * reconnects and re-subscribes every active subscription; each then starts with a fresh snapshot.
 */
export function createLiveClient(url = wsUrl()): WsClient {
  let everConnected = false;
  const ws = createWsClient({
    url,
    lazy: true,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (attempt) => new Promise((resolve) => setTimeout(resolve, retryDelay(attempt))),
    connectionParams: () => {
      const t = token();
      return t ? { Authorization: `Bearer ${t}` } : {};
    },
  });
  ws.on('connected', () => {
    everConnected = true;
    setConnection('connected');
  });
  ws.on('closed', (event) => {
    // 1000: the lazy client closed the socket itself because no subscription is open.
    const normal = (event as { code?: number } | undefined)?.code === 1000;
    setConnection(normal || !everConnected ? 'idle' : 'reconnecting');
  });
  return ws;
}

/** Subscriptions over a graphql-ws client. */
export function overWebSocket(ws: WsClient): SubscriptionForwarder {
  return (request) => ({
    subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
  });
}

/**
 * The urql client: HTTP for queries and mutations (incl. multipart uploads), `forwardSubscription`
 * (the WebSocket by default) for subscriptions. Tests pass their own fetch and forwarder.
 */
export function createStudioClient(options: { fetch?: typeof fetch; forwardSubscription?: SubscriptionForwarder } = {}): Client {
  return new Client({
    url: '/graphql',
    fetch: options.fetch,
    exchanges: [
      // @urql/solid reconciles each result into its store *in place*: the first result object of
      // a query becomes the store's state and later results are merged into it. Handing the store
      // a copy keeps the cached results (and anything else holding them) from being rewritten.
      mapExchange({ onResult: (result) => (result.data ? { ...result, data: structuredClone(result.data) } : result) }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({ forwardSubscription: options.forwardSubscription ?? overWebSocket(createLiveClient()) }),
    ],
    fetchOptions: () => {
      const t = token();
      // The CSRF header lets Yoga accept multipart uploads from the studio.
      return { headers: { 'x-graphql-yoga-csrf': '1', ...(t ? { authorization: `Bearer ${t}` } : {}) } };
    },
  });
}
