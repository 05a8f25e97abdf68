import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { packageRoot } from '../core/package-root.ts';

/** Where `npm run build` (Vite, vite.config.ts) puts the dashboard. */
export const DASHBOARD_DIR = path.join('dist', 'web');

/**
 * Paths the dashboard routes itself (web/src/app.tsx): each answers with index.html, so a
 * bookmark or a reload of any dashboard page works. Everything else stays a 404.
 */
export const DASHBOARD_PAGES = ['/', '/exposure', '/products', '/products/*', '/cases', '/cases/*', '/teams', '/teams/*', '/feeds'];

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

// The dashboard loads its own scripts and styles and talks to this origin's API only; ECharts
// and Preact set inline styles on elements.
const CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const missingPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kanshi</title></head>
<body><h1>Kanshi</h1>
<p>The dashboard is not built in this installation: run <code>npm run build</code> (or <code>npm install</code>) where the daemon is installed, then reload.</p>
<p lang="ja">このインストールではダッシュボードがビルドされていません。デーモンのインストール先で <code>npm run build</code>（または <code>npm install</code>）を実行してから再読み込みしてください。</p>
<p>The API works without it: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p></body></html>`;

/**
 * The dashboard: index.html for every dashboard page (never cached, so a new build is picked up),
 * and the built assets, whose names carry a content hash, cached for a year.
 */
export const dashboardRoutes: FastifyPluginAsync = async (app) => {
  const dir = path.join(packageRoot(), DASHBOARD_DIR);
  const html = (reply: FastifyReply, status: number, body: string | Buffer) =>
    reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('content-security-policy', CSP).send(body);

  const index = async (_request: unknown, reply: FastifyReply) => {
    const body = await readFile(path.join(dir, 'index.html')).catch(() => undefined);
    return body ? html(reply, 200, body) : html(reply, 503, missingPage);
  };
  for (const page of DASHBOARD_PAGES) app.get(page, { schema: { hide: true } }, index);

  app.get('/assets/:file', { schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params as { file: string };
    const type = TYPES[path.extname(file)];
    // One flat folder of generated names: anything with a separator or without a known type is not ours.
    if (!type || file.includes('/') || file.includes('\\') || file.startsWith('.')) return reply.callNotFound();
    const body = await readFile(path.join(dir, 'assets', file)).catch(() => undefined);
    if (!body) return reply.callNotFound();
    return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').send(body);
  });
};
