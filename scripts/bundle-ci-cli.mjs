// Builds dist/cli/kanshi.mjs: the CI subset of the CLI in one file, served by the daemon at
// GET /cli/kanshi.mjs. Run by `npm run build`.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

await build({
  entryPoints: [new URL('src/cli/ci-run.ts', root).pathname],
  outfile: new URL('dist/cli/kanshi.mjs', root).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  define: { KANSHI_VERSION: JSON.stringify(version) },
  // CommonJS dependencies (commander) require Node's built-ins; an ES module has no `require` of its own.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as kanshiCreateRequire } from 'node:module';\nconst require = kanshiCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
