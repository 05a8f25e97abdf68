export { loadConfig, type KanshiConfig } from './config.ts';
export type { FileConfig } from './config.schema.ts';
export { duration } from './config.schema.ts';
