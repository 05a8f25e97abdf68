export * from './teams.schema.ts';
export * from './inventory.schema.ts';
export * from './vulns.schema.ts';
export * from './findings.schema.ts';
export * from './events.schema.ts';
export * from './cases.schema.ts';
export * from './alerts.schema.ts';
