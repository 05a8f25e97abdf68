import type { FastifyPluginAsync } from 'fastify';

const page = (lang: 'en' | 'ja'): string => {
  const t =
    lang === 'ja'
      ? { title: 'Kanshi 監視', lead: 'SBOM インベントリと脆弱性監視。ダッシュボードは準備中です。', api: 'API ドキュメント (OpenAPI)', other: 'English' }
      : {
          title: 'Kanshi',
          lead: 'SBOM inventory and vulnerability monitoring. The dashboard is on its way.',
          api: 'API description (OpenAPI)',
          other: '日本語',
        };
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.title}</title>
<style>body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}a{color:#0b5cad}</style></head>
<body><h1>${t.title}</h1><p>${t.lead}</p>
<ul><li><a href="/api/v1/openapi.json">${t.api}</a></li><li><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></li></ul>
<p><a href="/?lang=${lang === 'ja' ? 'en' : 'ja'}">${t.other}</a></p></body></html>`;
};

/** The dashboard's entry page, in Japanese or English from `?lang=` or Accept-Language. */
export const dashboardRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const q = (request.query as { lang?: string }).lang;
    const accept = request.headers['accept-language'] ?? '';
    const lang = q === 'ja' || q === 'en' ? q : /^ja\b/i.test(accept) ? 'ja' : 'en';
    return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'self'; style-src 'unsafe-inline'").send(page(lang));
  });
};
