export { createAlertsModule, type AlertsModule } from './alerts.module.ts';
export { deliveryCounts } from './alerts.repo.ts';
