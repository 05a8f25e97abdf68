export { caseCounts, type CaseCounts } from './kpis.repo.ts';
export { createKpisModule, type KpisModule } from './kpis.module.ts';
export type { KpisService } from './kpis.service.ts';
