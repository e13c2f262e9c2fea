import type { GraphiQLOptions } from 'graphql-yoga';
import { graphiqlAssetBase } from './graphiql-assets.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GraphiQL's page with every script, stylesheet and Monaco worker served by this server (see
 * graphiql-assets.ts) instead of Yoga's default CDN links. Paths are root-relative, so the page
 * works from any host; the options JSON is escaped so it cannot close the <script>.
 */
export function renderGraphiqlPage(options: GraphiQLOptions): string {
  const title = escapeHtml(options.title ?? 'GraphiQL');
  const opts = JSON.stringify(options).replace(/</g, '\\u003c');
  const workers = JSON.stringify({
    editorWorkerService: `${graphiqlAssetBase}/monacoeditorwork/editor.worker.bundle.js`,
    json: `${graphiqlAssetBase}/monacoeditorwork/json.worker.bundle.js`,
    graphql: `${graphiqlAssetBase}/monacoeditorwork/graphql.worker..bundle.js`,
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${graphiqlAssetBase}/graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root">Loading ${title}…</div>
<script>
const workerUrls = ${workers};
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => new URL(workerUrls[label] ?? workerUrls.editorWorkerService, location.href).href };
</script>
<script src="${graphiqlAssetBase}/yoga-graphiql.umd.js"></script>
<script>
// The bundle opens its own welcome text unless given a query option (it ignores defaultQuery); a query in
// the URL (GraphiQL keeps the editor's text there) still wins, so a reload keeps your edits.
const options = ${opts};
const fromUrl = new URLSearchParams(location.search).get('query');
YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), { ...options, query: fromUrl || options.defaultQuery });
</script>
</body>
</html>
`;
}
