export { openDatabase, queryRows, type Database, type DatabaseOptions, type Db } from './connection.ts';
export * from './schema/index.ts';
