import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import type { Advisory, EpssScore, FeedRecord, KevEntry } from './advisory.ts';
import { indexKeys } from './affected-index.ts';
import {
  isCveId,
  isWithdrawn,
  mergeInput,
  mergeVulnerability,
  recordAliases,
  recordCves,
  type MergedVulnerability,
  type MergeInput,
} from './vulnerability-merge.ts';
import {
  absorbVulnerability,
  aliasTargets,
  deleteVulnerabilities,
  existingAdvisories,
  linkedAdvisories,
  linksOf,
  replaceIndex,
  replaceLinks,
  saveMerged,
  upsertAdvisories,
  upsertEpss,
  upsertKev,
  type AdvisoryRow,
  type ExistingAdvisory,
  type IndexRow,
  type Link,
} from './vulnerability.repo.ts';

/** A normalised record with what it was made from, kept for audit. */
export interface StoreItem {
  record: FeedRecord;
  raw: unknown;
  /** `raw` as JSON text when the reader already has it (a compact record read whole), stored instead of serialising `raw` again. */
  rawText?: string;
  location: string;
}

export interface StoreResult {
  /** Source records written (new or changed). */
  stored: number;
  /** Source records identical to what was already stored, skipped. */
  unchanged: number;
  kev: number;
  epss: number;
  /** Vulnerabilities whose affected entries or matchability changed: what reverse matching re-evaluates. */
  changedVulnerabilityIds: string[];
  /** Stand-alone vulnerabilities merged into another: `[from, into]`. */
  absorbed: [string, string][];
  /** CVEs new to the KEV catalogue. */
  kevAdded: { cve: string; dateAdded: string }[];
  /** Known vulnerabilities whose EPSS score appeared or moved notably. */
  epssChanged: string[];
}

/** One advisory of a batch, serialised, hashed and with its match-index keys. */
interface PreparedAdvisory {
  row: AdvisoryRow;
  advisory: MergeInput;
  index: ReturnType<typeof indexKeys>;
}

/**
 * A batch made ready for `storeBatch` without the database: the CPU-bound part of storing it.
 * Made while the previous batch is still being written, it overlaps with that write instead
 * of leaving Postgres idle between the batch's statements. Plain data, so another thread can
 * make it (a dump import prepares batches in a worker thread).
 */
export interface PreparedItems {
  kev: KevEntry[];
  epss: EpssScore[];
  /** By source, then source id; later records of a batch win over earlier ones with the same id (a page listing a record twice). */
  advisories: Map<string, Map<string, PreparedAdvisory>>;
}

interface Pending extends PreparedAdvisory {
  existing: ExistingAdvisory | undefined;
  id: number;
  targets: string[];
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * Stands in for `affected` while the rest of a record is serialised, so the affected list is
 * serialised once and that one text is both spliced into the record's text and hashed on its
 * own. The random part keeps record text from ever containing it.
 */
const AFFECTED_MARK = `\u0001affected:${randomBytes(12).toString('hex')}`;
const AFFECTED_MARK_JSON = `"affected":${JSON.stringify(AFFECTED_MARK)}`;

/** `JSON.stringify(advisory)` and `JSON.stringify(advisory.affected)`, serialising the affected list once. */
function serialise(advisory: Advisory): { normalized: string; affected: string | undefined } {
  const affected = advisory.affected === undefined ? undefined : JSON.stringify(advisory.affected);
  if (affected !== undefined) {
    const text = JSON.stringify({ ...advisory, affected: AFFECTED_MARK });
    const at = text.indexOf(AFFECTED_MARK_JSON);
    if (at >= 0) return { normalized: `${text.slice(0, at)}"affected":${affected}${text.slice(at + AFFECTED_MARK_JSON.length)}`, affected };
  }
  return { normalized: JSON.stringify(advisory), affected };
}

function toRow(item: StoreItem, advisory: Advisory): AdvisoryRow {
  const modified = Date.parse(advisory.modified);
  const withdrawn = isWithdrawn(advisory);
  const { normalized, affected } = serialise(advisory);
  return {
    source: advisory.source,
    sourceId: advisory.sourceId,
    modified: Number.isNaN(modified) ? null : new Date(modified),
    flags: advisory.flags,
    withdrawn,
    normalized,
    raw: item.rawText ?? (item.raw === undefined ? null : JSON.stringify(item.raw)),
    location: item.location,
    contentHash: sha256(normalized),
    // The text of `JSON.stringify([advisory.affected, withdrawn])`, as hashes already stored were made.
    affectedHash: sha256(`[${affected ?? 'null'},${withdrawn}]`),
  };
}

const NO_INDEX: ReturnType<typeof indexKeys> = { packages: [], cpes: [] };

/** Prepares `items`, adding them to `into` when given (a batch prepared in slices). */
export function prepareItems(items: StoreItem[], into?: PreparedItems): PreparedItems {
  const prepared: PreparedItems = into ?? { kev: [], epss: [], advisories: new Map() };
  for (const item of items) {
    const { record } = item;
    if (record.kind === 'kev') prepared.kev.push(record.entry);
    else if (record.kind === 'epss') prepared.epss.push(record.score);
    else {
      const a = record.advisory;
      let m = prepared.advisories.get(a.source);
      if (!m) prepared.advisories.set(a.source, (m = new Map()));
      const row = toRow(item, a);
      m.set(a.sourceId, { row, advisory: mergeInput(a), index: row.withdrawn ? NO_INDEX : indexKeys(a) });
    }
  }
  return prepared;
}

/**
 * Decides which vulnerabilities each record belongs to. A record naming CVEs belongs to each of
 * them; one naming none joins the vulnerability its aliases already point to (a CVE first),
 * else founds its own under its source id. A CVE record whose aliases point to such a
 * stand-alone vulnerability absorbs it, so the merge does not depend on import order.
 */
async function assignTargets(db: Db, pending: Pending[]): Promise<Map<string, string>> {
  const known = await aliasTargets(
    db,
    pending.flatMap((p) => recordAliases(p.advisory)),
  );
  const absorb = new Map<string, string>();
  const claimed = new Map<string, string>();
  const withCves = pending.filter((p) => recordCves(p.advisory).length > 0);
  for (const p of withCves) {
    p.targets = recordCves(p.advisory);
    const only = p.targets.length === 1 ? p.targets[0] : undefined;
    if (only === undefined) continue;
    for (const alias of recordAliases(p.advisory)) {
      claimed.set(alias, only);
      for (const v of known.get(alias) ?? []) if (!isCveId(v) && v !== only) absorb.set(v, only);
    }
  }
  const resolve = (id: string): string => absorb.get(id) ?? id;
  for (const p of pending) {
    if (p.targets.length > 0) continue;
    const aliases = recordAliases(p.advisory);
    const inBatch = aliases.map((a) => claimed.get(a)).find((v) => v !== undefined);
    const stored = aliases.flatMap((a) => known.get(a) ?? []).sort((x, y) => Number(isCveId(y)) - Number(isCveId(x)))[0];
    const target = resolve(inBatch ?? stored ?? p.advisory.sourceId);
    p.targets = [target];
    for (const a of aliases) if (!claimed.has(a)) claimed.set(a, target);
  }
  return absorb;
}

/**
 * Session settings for the batch's transaction. Every statement looks rows up by key, but
 * during a bulk import the tables grow faster than autovacuum analyses them, and with stale
 * statistics the planner picks sequential scans of tables it believes tiny, or hash joins
 * over a whole index: each batch would then read whole tables. Only nested loops over index
 * probes are left to it. Those plans' cost estimates are huge, which would make Postgres JIT-compile
 * every statement (tens of milliseconds each, for lookups that take a fraction of one): JIT is
 * off. Large records are compressed with lz4 where the server has it,
 * several times cheaper than the default pglz. The commit does not wait for the WAL flush:
 * a crash can lose the last batches, but their checkpoints with them, so the next sync
 * reads them again.
 */
async function tuneBatchSession(db: Db): Promise<void> {
  await db.execute(sql`
    select set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true),
      set_config('enable_mergejoin', 'off', true), set_config('jit', 'off', true), set_config('synchronous_commit', 'off', true),
      (select set_config('default_toast_compression', 'lz4', true)
       from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals))`);
}

/**
 * Writes one batch of normalised records. Call it inside a transaction: the batch is stored
 * whole or not at all. Unchanged records (same content hash) cost one indexed read.
 */
export async function storeBatch(db: Db, batch: StoreItem[] | PreparedItems): Promise<StoreResult> {
  const { kev, epss, advisories } = Array.isArray(batch) ? prepareItems(batch) : batch;
  await tuneBatchSession(db);
  const kevAdded = kev.length > 0 ? await upsertKev(db, kev) : [];
  const epssChanged = epss.length > 0 ? await upsertEpss(db, [...new Map(epss.map((s) => [s.cve, s])).values()]) : [];

  const pending: Pending[] = [];
  let unchanged = 0;
  for (const [source, records] of advisories) {
    const existing = await existingAdvisories(db, source, [...records.keys()]);
    for (const [sourceId, p] of records) {
      const before = existing.get(sourceId);
      if (before?.contentHash === p.row.contentHash) unchanged++;
      else pending.push({ ...p, existing: before, id: 0, targets: [] });
    }
  }
  const result: StoreResult = {
    stored: pending.length,
    unchanged,
    kev: kev.length,
    epss: epss.length,
    changedVulnerabilityIds: [],
    absorbed: [],
    kevAdded,
    epssChanged,
  };
  if (pending.length === 0) return result;

  const ids = await upsertAdvisories(
    db,
    pending.map((p) => p.row),
  );
  pending.forEach((p, i) => (p.id = ids[i]!));
  const replaced = pending.filter((p) => p.existing).map((p) => p.id);
  const oldLinks = replaced.length > 0 ? await linksOf(db, replaced) : [];
  const absorb = await assignTargets(db, pending);
  const links: Link[] = pending.flatMap((p) => p.targets.map((vulnerabilityId) => ({ advisoryId: p.id, vulnerabilityId })));

  const touched = new Set<string>([...links.map((l) => l.vulnerabilityId), ...oldLinks.map((l) => l.vulnerabilityId), ...absorb.values()]);
  for (const from of absorb.keys()) touched.delete(from);
  const orphans = await remerge(db, [...touched], absorb, pending);
  for (const [from, into] of absorb) await absorbVulnerability(db, from, into);
  await replaceLinks(db, replaced, links);
  await deleteVulnerabilities(db, orphans);

  const index: Record<'packages' | 'cpes', IndexRow[]> = { packages: [], cpes: [] };
  for (const p of pending) {
    for (const k of p.index.packages) index.packages.push({ keys: [k.ecosystem, k.name], advisoryId: p.id });
    for (const k of p.index.cpes) index.cpes.push({ keys: [k.vendor, k.product], advisoryId: p.id });
  }
  await replaceIndex(db, replaced, index);

  const changed = new Set<string>();
  const oldTargets = new Map<number, string[]>();
  for (const l of oldLinks) oldTargets.set(l.advisoryId, [...(oldTargets.get(l.advisoryId) ?? []), l.vulnerabilityId]);
  for (const p of pending) {
    if (p.existing?.affectedHash === p.row.affectedHash && sameMembers(oldTargets.get(p.id) ?? [], p.targets)) continue;
    for (const v of [...p.targets, ...(oldTargets.get(p.id) ?? [])]) changed.add(v);
  }
  for (const [from, into] of absorb) changed.add(from).add(into);
  result.changedVulnerabilityIds = [...changed].sort();
  result.absorbed = [...absorb];
  return result;
}

const sameMembers = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Writes the merged columns of `touched` from the batch and the records already linked (those
 * of absorbed vulnerabilities counted under their new home). Runs before the batch's links are
 * written, so the batch's own records are taken from memory, not read back. Returns the
 * vulnerabilities left without records, for the caller to drop once the links have moved.
 */
async function remerge(db: Db, touched: string[], absorb: Map<string, string>, batch: Pending[]): Promise<string[]> {
  const records = new Map<string, MergeInput[]>();
  const add = (v: string, a: MergeInput): void => {
    const list = records.get(v);
    if (list) list.push(a);
    else records.set(v, [a]);
  };
  for (const p of batch) for (const v of p.targets) add(v, p.advisory);
  const inBatch = new Set(batch.map((p) => p.id));
  const seen = new Set<string>();
  for (const { advisoryId, vulnerabilityId, advisory } of await linkedAdvisories(db, [...touched, ...absorb.keys()])) {
    const home = absorb.get(vulnerabilityId) ?? vulnerabilityId;
    const key = `${home} ${advisoryId}`;
    // The batch's own records are already counted from memory, under their new targets.
    if (seen.has(key) || inBatch.has(advisoryId)) continue;
    seen.add(key);
    add(home, advisory);
  }
  const merged: MergedVulnerability[] = [];
  const orphans: string[] = [];
  for (const id of touched) {
    const list = records.get(id);
    if (list && list.length > 0) merged.push(mergeVulnerability(id, list));
    else orphans.push(id);
  }
  await saveMerged(db, merged);
  return orphans;
}
