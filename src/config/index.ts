export { loadConfig, type KanshiConfig } from './config.ts';
export { duration } from './config.schema.ts';
export type { FileConfig } from './config.schema.ts';
