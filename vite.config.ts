import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

// The dashboard: Preact compiled by Vite's own oxc transform (no Babel preset needed), built into
// dist/web, which the daemon serves at `/`. ECharts stays in a chunk of its own, loaded by the
// first chart drawn, so the first page does not pay for it.
export default defineConfig({
  root: here('web'),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
  },
  logLevel: 'warn',
});
