export * from './result.ts';
export * from './errors.ts';
export * from './logger.ts';
export * from './clock.ts';
export * from './package-root.ts';
