export { buildApp, type AppOptions } from './app.ts';
export { healthRoutes } from './health.routes.ts';
export { errorResponses, problemSchema } from './openapi.ts';
export type { Principal } from './principal.ts';
