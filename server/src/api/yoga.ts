import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import { createYoga, useExecutionCancellation } from 'graphql-yoga';
import type { AppServices } from '../services/app-services.js';
import { bearerFrom, resolveViewer } from './auth.js';
import type { Context } from './context.js';
import { defaultGraphiqlQuery } from './graphiql.js';
import { renderGraphiqlPage } from './graphiql-page.js';
import { routesPlugin } from './routes.js';
import { schema } from './schema.js';

/** Fields a server-side context factory receives (HTTP) or builds itself (graphql-ws). */
export interface ServerContext {
  /** Credential from graphql-ws connection params, when the operation came over WebSocket. */
  wsCredential?: string | null;
}

/** The GraphQL HTTP handler (queries, mutations, SSE subscriptions, multipart uploads). */
export function createGraphqlHandler(app: AppServices) {
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: app.env.LOG_LEVEL === 'silent' ? false : app.env.LOG_LEVEL,
    maskedErrors: true,
    graphiql: { title: 'Content Studio API', defaultQuery: defaultGraphiqlQuery, subscriptionsProtocol: 'WS' },
    // Served from the installed package, not Yoga's CDN links: GraphiQL works offline.
    renderGraphiQL: renderGraphiqlPage,
    // Same-origin studio; scripts don't need CORS. Credentials are bearer headers, never cookies.
    cors: false,
    plugins: [
      routesPlugin(app),
      // Simple (form/multipart/GET) requests must carry x-graphql-yoga-csrf: no cross-site forms.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }),
      useExecutionCancellation(),
      maxDepthPlugin({ n: app.env.GRAPHQL_MAX_DEPTH, ignoreIntrospection: true, exposeLimits: true }),
      costLimitPlugin({ maxCost: 20_000, ignoreIntrospection: true, exposeLimits: true }),
      maxAliasesPlugin({ n: 30, exposeLimits: true }),
      maxTokensPlugin({ n: 5_000, exposeLimits: true }),
    ],
    context: async ({ request, wsCredential }): Promise<Context> => {
      const credential = wsCredential !== undefined ? wsCredential : bearerFrom(request.headers.get('authorization'));
      try {
        return { viewer: await resolveViewer(app, credential), app };
      } catch (e) {
        app.log(`auth lookup failed: ${String(e)}`);
        throw new GraphQLError('The service is temporarily unavailable; retry shortly.', { extensions: { code: 'UNAVAILABLE', http: { status: 503 } } });
      }
    },
  });
}

export type GraphqlHandler = ReturnType<typeof createGraphqlHandler>;
