export type { KanshiModule, RuntimeDeps } from './kanshi-module.ts';
