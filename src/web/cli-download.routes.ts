import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { packageRoot } from '../core/package-root.ts';

/** Where `npm run build` puts the single-file CI CLI (scripts/bundle-ci-cli.mjs). */
export const CI_CLI_FILE = path.join('dist', 'cli', 'kanshi.mjs');

/**
 * `GET /cli/kanshi.mjs`: the CLI's CI commands in one file, so a runner with only Node and curl
 * uploads without installing a package (whoever published one under our name would receive
 * every team's upload token). No authentication: it holds no data, only code the daemon ships.
 */
export const cliDownloadRoutes: FastifyPluginAsync = async (app) => {
  app.get('/cli/kanshi.mjs', { schema: { hide: true } }, async (_request, reply) => {
    let body: Buffer;
    try {
      body = await readFile(path.join(packageRoot(), CI_CLI_FILE));
    } catch {
      return reply
        .status(404)
        .send({ error: { code: 'CLI_NOT_BUILT', message: 'this installation has no single-file CLI: run npm run build where the daemon is installed' } });
    }
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(body);
  });
};
