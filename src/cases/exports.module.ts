import { packageVersion } from '../core/package-root.ts';
import { InventoryRepo } from '../inventory/index.ts';
import type { KanshiModule, RuntimeDeps } from '../modules/index.ts';
import { exportsRoutes } from './exports.routes.ts';
import { ExportsService } from './exports.service.ts';

/** VEX and CSAF documents out of the inventory, the findings and the cases. */
export function createExportsModule(deps: RuntimeDeps): KanshiModule {
  const exports = new ExportsService({ db: deps.db, clock: deps.clock, publisher: deps.config.csaf.publisher, version: packageVersion() });
  return { name: 'exports', routes: exportsRoutes({ db: deps.db, inventory: new InventoryRepo(deps.db), exports }) };
}
