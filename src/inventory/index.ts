export { createInventoryModule, type InventoryModule } from './inventory.module.ts';
export { InventoryRepo } from './inventory.repo.ts';
export { IngestService } from './ingest.service.ts';
export { createSbomParser, type SbomParser } from './sbom-parser.ts';
export { whereUsed, type WhereUsedRow } from './where-used.repo.ts';
export { parseSbom, warmUpValidators, type SbomParseResult } from './parsers/index.ts';
export { purlBase } from './purl-base.ts';
export type * from './sbom-model.ts';
export { inventoryStats, purlBasePerType, type InventoryStats } from './inventory-summary.repo.ts';
