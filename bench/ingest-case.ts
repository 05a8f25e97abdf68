// One ingest measurement in a process of its own, so its peak RSS is its own.
// Usage: node <compiled>/bench/ingest-case.js (see runCase in bench.ts) <sbom-file|generated:N> <pglite-data-dir|postgres-url>
// The PGlite folder is created and migrated beforehand, as a running daemon's would be.
import { readFileSync } from 'node:fs';
import { silentLogger } from '../src/core/logger.ts';
import { openDatabase } from '../src/db/index.ts';
import { rssSampler } from './bench.ts';
import { InventoryRepo } from '../src/inventory/inventory.repo.ts';
import { parseSbom, warmUpValidators } from '../src/inventory/parsers/index.ts';
import { TeamsRepo } from '../src/teams/index.ts';
import { generateCycloneDx } from '../test/support/generate-sbom.ts';

const rss = rssSampler();

const [source = '', target = 'pglite'] = process.argv.slice(2);
const postgres = target.startsWith('postgres');
const database = await openDatabase({ ...(postgres ? { databaseUrl: target, dataDir: 'memory://' } : { dataDir: target }), log: silentLogger() });
await database.migrate();
const teams = new TeamsRepo(database.db);
await teams.ensureTeam('bench');
const repo = new InventoryRepo(database.db);
// As the daemon does at startup: schema validators compiled before the first upload.
await warmUpValidators();
const idleRssMb = rss.peakMb();
const bytes = source.startsWith('generated:') ? generateCycloneDx(Number(source.slice(10))) : readFileSync(source);

const times: number[] = [];
let components = 0;
let firstRunPeakMb = 0;
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  const parsed = await parseSbom(bytes, { validation: 'warn', maxBytes: 200 * 1024 * 1024 });
  if (!parsed.ok) throw new Error(`${source}: ${parsed.message}`);
  const { productVersionId } = await repo.ensureProductVersion('bench', `v${run}`, 'bench');
  const upload = await repo.insertUpload({
    productVersionId,
    part: 'main',
    sha256: `run${run}`,
    sizeBytes: bytes.length,
    rawGzip: Buffer.alloc(0),
    validation: 'warn',
    uploadedBy: null as unknown as string,
  });
  await repo.storeInventory({ id: upload.id, productVersionId, part: 'main' }, parsed.sbom, new Date());
  times.push(performance.now() - t0);
  components = parsed.sbom.components.length;
  // The peak of one ingest in a warmed process; later runs only repeat it for timing.
  if (run === 0) firstRunPeakMb = rss.peakMb();
}
await database.close();
rss.stop();
const peakRssMb = firstRunPeakMb;
process.stdout.write(`${JSON.stringify({ firstMs: times[0], bestMs: Math.min(...times), components, peakRssMb, idleRssMb })}\n`);
