import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { queryRows, type Db } from '../../src/db/index.ts';
import { describeDatabases, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { repoRoot } from '../support/fixtures.ts';

const MIGRATIONS = path.join(repoRoot, 'drizzle');

interface Journal {
  entries: { idx: number; tag: string }[];
}
interface Snapshot {
  tables: Record<string, { name: string; columns: Record<string, { notNull?: boolean; default?: unknown }> }>;
}

const journal = (): Journal => JSON.parse(readFileSync(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as Journal;
const snapshot = (idx: number): Snapshot =>
  JSON.parse(readFileSync(path.join(MIGRATIONS, `meta/${String(idx).padStart(4, '0')}_snapshot.json`), 'utf8')) as Snapshot;
const tablesOf = (s: Snapshot): Map<string, Set<string>> => new Map(Object.values(s.tables).map((t) => [t.name, new Set(Object.keys(t.columns))]));

/** A copy of the migrations folder whose journal stops before the last migration: the previous release's schema. */
function previousRelease(): { folder: string; idx: number } {
  const folder = mkdtempSync(path.join(tmpdir(), 'kanshi-migrations-'));
  cpSync(MIGRATIONS, folder, { recursive: true });
  const j = journal();
  const entries = j.entries.slice(0, -1);
  writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...j, entries }));
  return { folder, idx: entries.at(-1)!.idx };
}

const PRODUCT = '00000000-0000-4000-8000-000000000001';
const VERSION = '00000000-0000-4000-8000-000000000002';
const UPLOAD = '00000000-0000-4000-8000-000000000003';
const VULN = 'GHSA-mig1-mig2-mig3';
const AT = "'2026-01-02T03:04:05Z'";

/**
 * One row per table of the core data (SQL literals by column), in foreign-key order. Only the
 * columns the older schema has are written; a required column the older schema has and a row
 * here lacks fails the test with its name, so that the rows follow the schema as it grows.
 */
const ROWS: [table: string, row: Record<string, string>][] = [
  ['teams', { id: "'web'", name: "'Web'", email: "'web@example.com'" }],
  ['products', { id: `'${PRODUCT}'`, name: "'shop'", team_id: "'web'" }],
  ['product_versions', { id: `'${VERSION}'`, product_id: `'${PRODUCT}'`, version: "'1.0'", lifecycle: "'supported'" }],
  [
    'sbom_uploads',
    {
      id: `'${UPLOAD}'`,
      product_version_id: `'${VERSION}'`,
      part: "'main'",
      sha256: `'${'ab'.repeat(32)}'`,
      size_bytes: '3',
      raw_gzip: "'\\x1f8b'::bytea",
      validation: "'strict'",
      status: "'processed'",
      format: "'CycloneDX'",
      encoding: "'json'",
      spec_version: "'1.6'",
      component_count: '1',
      warnings: `'[{"path":"/","message":"kept"}]'`,
      processed_at: AT,
    },
  ],
  [
    'components',
    {
      id: '1',
      upload_id: `'${UPLOAD}'`,
      product_version_id: `'${VERSION}'`,
      bom_ref: "'a'",
      type: "'library'",
      name: "'left-pad'",
      version: "'1.1.0'",
      purl: "'pkg:npm/left-pad@1.1.0'",
      purl_base: "'pkg:npm/left-pad'",
      hashes: `'[{"alg":"SHA-256","content":"00"}]'`,
      licenses: `'["MIT"]'`,
      direct: 'true',
    },
  ],
  ['vulnerabilities', { id: `'${VULN}'`, aliases: "'{CVE-2099-0001}'", sources: "'{osv}'", title: "'left-pad'", severity: "'high'", published: AT }],
  [
    'package_versions',
    {
      id: '1',
      identity: "'pkg:npm/left-pad@1.1.0'",
      ecosystem: "'npm'",
      name: "'left-pad'",
      version: "'1.1.0'",
      purl: "'pkg:npm/left-pad@1.1.0'",
      purl_base: "'pkg:npm/left-pad'",
      component_name: "'left-pad'",
    },
  ],
  [
    'findings',
    {
      id: '1',
      product_version_id: `'${VERSION}'`,
      package_version_id: '1',
      component_id: '1',
      vulnerability_id: `'${VULN}'`,
      outcome: "'affected'",
      method: "'purl-range'",
      confidence: "'high'",
      source: `'osv:${VULN}'`,
      sources: "'{osv}'",
      searched: "'pkg:npm/left-pad'",
      matched_range: "'<1.3.0'",
      fixed_in: "'{1.3.0}'",
      first_seen: AT,
      last_seen: AT,
    },
  ],
  ['events', { id: '1', type: "'finding.opened'", at: AT, team_id: "'web'", product_id: `'${PRODUCT}'`, vulnerability_id: `'${VULN}'`, data: `'{"x":1}'` }],
  [
    'cases',
    { id: '1', vulnerability_id: `'${VULN}'`, product_id: `'${PRODUCT}'`, team_id: "'web'", priority: "'P2'", state: "'new'", opened_at: AT, updated_at: AT },
  ],
];

const rowsOf = (db: Db, table: string) => queryRows<{ row: Record<string, unknown> }>(db, sql.raw(`select to_jsonb(t) as row from "${table}" t order by 1`));

/** Inserts ROWS as the schema of snapshot `idx` allows; returns each table's rows as stored. */
async function fill(db: Db, idx: number): Promise<Map<string, Record<string, unknown>[]>> {
  const schema = snapshot(idx);
  const stored = new Map<string, Record<string, unknown>[]>();
  for (const [table, row] of ROWS) {
    const t = Object.values(schema.tables).find((x) => x.name === table);
    if (!t) continue; // not in that release yet
    const missing = Object.entries(t.columns).filter(([c, col]) => col.notNull && col.default === undefined && !(c in row) && c !== 'id');
    expect(
      missing.map(([c]) => `${table}.${c}`),
      'a required column has no value in ROWS',
    ).toEqual([]);
    const cols = Object.keys(row).filter((c) => c in t.columns);
    await db.execute(sql.raw(`insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values (${cols.map((c) => row[c]).join(', ')})`));
    stored.set(
      table,
      (await rowsOf(db, table)).map((r) => r.row),
    );
  }
  return stored;
}

describeDatabases('migrations', (target) => {
  let t: TestDatabase | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    await t?.cleanup();
    if (folder) rmSync(folder, { recursive: true, force: true });
    t = folder = undefined;
  });

  it('migrate an empty database to the latest schema, and a second run changes nothing', async () => {
    t = await openTestDatabase(target, { migrate: false });
    await t.database.migrate();
    const latest = tablesOf(snapshot(journal().entries.at(-1)!.idx));
    const columns = await queryRows<{ table_name: string; column_name: string }>(
      t.db,
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`,
    );
    const actual = new Map<string, Set<string>>();
    for (const c of columns) actual.set(c.table_name, (actual.get(c.table_name) ?? new Set()).add(c.column_name));
    expect(new Map([...actual].filter(([name]) => latest.has(name)))).toEqual(latest);
    expect([...latest.keys()].filter((name) => !actual.has(name))).toEqual([]);

    const applied = async () => (await queryRows<{ n: number }>(t!.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n;
    expect(await applied()).toBe(journal().entries.length);
    await t.database.migrate();
    expect(await applied()).toBe(journal().entries.length);
  });

  it('migrate a database of the previous release, with data, to the latest: the data is kept', async () => {
    const previous = previousRelease();
    folder = previous.folder;
    t = await openTestDatabase(target, { migrate: false });
    await t.database.migrate(folder);
    const before = await fill(t.db, previous.idx);
    expect(before.get('findings')).toHaveLength(1);

    await t.database.migrate();
    const latest = tablesOf(snapshot(journal().entries.at(-1)!.idx));
    for (const [table, rows] of before) {
      const kept = latest.get(table);
      if (!kept) continue; // a table the latest release dropped
      const after = (await rowsOf(t.db, table)).map((r) => r.row);
      // Every value the older row had is still there, in the columns the latest schema keeps.
      const oldValues = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([c]) => kept.has(c))));
      expect(after, table).toMatchObject(oldValues);
    }
  });
});
