export * from './purl/index.ts';
export * from './cpe/index.ts';
export * from './ranges/index.ts';
export * from './versions/index.ts';
