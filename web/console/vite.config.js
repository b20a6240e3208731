// Vite configuration for the console.
//
// The build goes to dist/, which preloop embeds as it is (functions/console):
// index.html at /, everything else under /assets/ with content-hashed names
// (cached for good by the server). No source maps: only what is served is
// built. `npm run dev` proxies the API to a running preloop (PRELOOP_URL,
// default http://127.0.0.1:8787) so the app can be tried before it is
// embedded.
import { defineConfig } from 'vite';

const target = process.env.PRELOOP_URL || 'http://127.0.0.1:8787';
const proxied = { target, changeOrigin: false };

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: true,
    // Every browser the console supports has modulepreload; the polyfill
    // would only add bytes.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': proxied,
      '/auth': proxied,
      '/mcp': proxied,
    },
  },
  // `npm run preview` serves the built dist/ (same proxy) with the
  // Content-Security-Policy preloop sends, to catch anything it would block.
  preview: {
    headers: {
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    },
  },
});
