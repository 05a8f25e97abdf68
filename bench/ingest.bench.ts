import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src/core/logger.ts';
import { openDatabase } from '../src/db/index.ts';
import { bestOf, freshPostgres, runCase, type BenchFigure, type BenchSuite } from './bench.ts';
import { generateCycloneDx } from '../test/support/generate-sbom.ts';

const LARGEST = 'sboms/spdx/json/ibmcom-mcm-application-ui-image_syft.spdx-2.3.json';

interface CaseResult {
  firstMs: number;
  bestMs: number;
  components: number;
  peakRssMb: number;
  /** RSS with the database open and nothing ingested: the engine's own floor (PGlite's WASM heap). */
  idleRssMb: number;
}

function ingestCase(source: string, target: string): CaseResult {
  const out = runCase('ingest', [source, target]);
  return JSON.parse(out.trim().split('\n').pop()!) as CaseResult;
}

const texts = new Map<string, string>();
/** The SBOM as text, for the bare JSON.parse baseline (the SPDX fixture is JSON too). */
function jsonText(source: string): string {
  if (!texts.has(source))
    texts.set(source, (source.startsWith('generated:') ? generateCycloneDx(Number(source.slice(10))) : readFileSync(source)).toString('utf8'));
  return texts.get(source)!;
}

async function freshPglite(): Promise<{ url: string; drop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kanshi-bench-'));
  const database = await openDatabase({ dataDir: dir, log: silentLogger() });
  await database.migrate();
  await database.close();
  return { url: dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Issue 2: parse + validate + store of the largest fixture SBOM and of a generated
 * 10,000-component CycloneDX SBOM, on PGlite and on Postgres; peak RSS; ratio to JSON.parse.
 */
export const suite: BenchSuite = {
  name: 'SBOM ingest',
  async run(ctx) {
    const sources: { label: string; source: string; targets: { embedded: number; postgres: number } | null }[] = [
      { label: 'generated 10k CycloneDX', source: 'generated:10000', targets: { embedded: 2000, postgres: 1500 } },
    ];
    if (ctx.fixturesDir) sources.push({ label: 'largest fixture (ibmcom SPDX, 1,663 pkgs)', source: path.join(ctx.fixturesDir, LARGEST), targets: null });
    const figures: BenchFigure[] = [];
    for (const s of sources) {
      const dbs: { kind: 'embedded' | 'postgres'; target: () => Promise<{ url: string; drop(): Promise<void> }> }[] = [
        { kind: 'embedded', target: freshPglite },
      ];
      if (ctx.postgresUrl) dbs.push({ kind: 'postgres', target: () => freshPostgres(ctx.postgresUrl!) });
      const jsonParseMs = await bestOf(5, () => JSON.parse(jsonText(s.source)));
      for (const db of dbs) {
        ctx.progress(`${s.label} on ${db.kind}`);
        const t = await db.target();
        try {
          const r = ingestCase(s.source, t.url);
          const target = s.targets ? s.targets[db.kind] : null;
          figures.push({ name: `ingest ${s.label} [${db.kind}]`, value: Math.round(r.bestMs), unit: 'ms', target, ratio: r.bestMs / jsonParseMs });
          figures.push({ name: `ingest ${s.label} [${db.kind}] peak RSS`, value: Math.round(r.peakRssMb), unit: 'MB', target: 300, ratio: null });
          figures.push({
            name: `ingest ${s.label} [${db.kind}] RSS above idle process`,
            value: Math.round(r.peakRssMb - r.idleRssMb),
            unit: 'MB',
            target: null,
            ratio: null,
          });
        } finally {
          await t.drop();
        }
      }
    }
    return figures;
  },
};
