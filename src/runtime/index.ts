export { openRuntime, type Runtime, type RuntimeOptions } from './runtime.ts';
export type { KanshiModule, RuntimeDeps } from './module.ts';
