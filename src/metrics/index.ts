export { createMetrics, type Metrics } from './metrics.ts';
export { metricsRoutes } from './metrics.routes.ts';
export { registerStateGauges, type StateSources } from './state-gauges.ts';
export { serveMetrics } from './metrics-server.ts';
