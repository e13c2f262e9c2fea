import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

/** The API the dev server proxies to: GraphQL (incl. WebSocket), signed files and the dev session. */
const api = process.env.STUDIO_API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [solid()],
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
      '/files': { target: api, changeOrigin: true },
      '/studio-session': { target: api, changeOrigin: true },
    },
  },
  build: { outDir: 'dist', target: 'es2022', sourcemap: true },
});
