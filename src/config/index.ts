export { loadConfig, type KanshiConfig } from './config.ts';
export type { FileConfig } from './config.schema.ts';
