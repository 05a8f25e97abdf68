export { dashboardRoutes } from './dashboard.routes.ts';
export { cliDownloadRoutes } from './cli-download.routes.ts';
