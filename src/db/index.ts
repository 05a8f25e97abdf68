export { openDatabase, type Database, type DatabaseOptions, type Db } from './connection.ts';
export * from './schema/index.ts';
