export * from './purl/index.ts';
export * from './cpe/index.ts';
