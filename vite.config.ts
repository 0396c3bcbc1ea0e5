import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * The built site's Content-Security-Policy (issue "Robustness"): scripts only from our origin
 * (no inline script, no eval; 'wasm-unsafe-eval' lets the eigen kernel compile WebAssembly),
 * nothing remote at all. Inline style attributes stay allowed (React and KaTeX set them).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'gnlens-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Cross-origin isolation (issue "Scale": all cores): with these two headers the page may share
 * WebAssembly memory between workers, and the eigen kernel runs on every core
 * (workers/eigenThreads.ts). Everything the page loads is its own, so `require-corp` costs
 * nothing. Static hosts that cannot send headers get them from the service worker (public/sw.js).
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  // Every URL of the build relative to the page: dist/ works unchanged from any sub-path of any
  // static server (README, "Deploy"; tests/e2e/subpath.e2e.mjs serves it under /~lecturer/gnlens/).
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    // the app, and the eigen-kernel benchmark page (scripts/bench-browser.mjs opens it)
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  server: { host: '127.0.0.1', headers: CROSS_ORIGIN_ISOLATION },
  preview: { host: '127.0.0.1', headers: CROSS_ORIGIN_ISOLATION },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    setupFiles: ['tests/setup.ts'],
    // a token per run, so tests/cli/cliBundle.ts rebuilds the CLI bundle once per run
    globalSetup: ['tests/helpers/globalSetup.ts'],
    testTimeout: 60_000,
    pool: 'threads',
  },
});
