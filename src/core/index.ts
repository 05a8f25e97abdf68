export * from './result.ts';
export * from './errors.ts';
export * from './logger.ts';
export * from './clock.ts';
