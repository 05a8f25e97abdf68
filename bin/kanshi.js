#!/usr/bin/env node
// Runs the compiled CLI. `npm install` / `npm ci` build it (the `prepare` script); a checkout
// whose build is missing says so instead of compiling TypeScript on every call.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/run.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write('kanshi is not built: run `npm run build` (npm install and npm ci do it) in the kanshi folder\n');
  process.exit(1);
}
await import(compiled.href);
