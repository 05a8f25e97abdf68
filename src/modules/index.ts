export type { KanshiModule, RuntimeDeps, StartOptions } from './kanshi-module.ts';
