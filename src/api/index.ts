export { buildApp, type AppOptions } from './app.ts';
export { healthRoutes } from './health.routes.ts';
export { requireRole, seesAllTeams, teamScope, type Principal } from './principal.ts';
