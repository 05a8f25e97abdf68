/**
 * Forward, reverse and full matching over the inventory. Every path works on distinct package
 * versions: components are keyed to their package version once, a package version is
 * evaluated once for the whole portfolio, and its verdicts are fanned out to findings in SQL.
 *
 * Each verdict replacement and each fan-out is one transaction, under row locks taken in id
 * order: a run replacing a package version's verdicts holds it `for update`, a fan-out reading
 * them holds it `for share`. A crash leaves the old state or the new one, and runs over shared
 * package versions see each other's committed work, so re-running converges. Settling the
 * running-on platforms of a fan-out reads, in its transaction and under the locks it already
 * holds, the verdicts it is about to copy and the inventories they go to; it takes no lock of its
 * own, and the policy's declared platforms are read before the transaction opens.
 */
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../db/index.ts';
import { purlBase } from '../inventory/index.ts';
import { cpeIndexKey, DbAdvisoryLookup, type AdvisoryLookup } from '../vulns/index.ts';
import {
  fanOut,
  inventoryPlatforms,
  lockProductVersion,
  platformDependents,
  productVersionsWaitingOnPlatforms,
  type FanOutResult,
  type FanOutScope,
  type PlatformSettlement,
} from './findings.repo.ts';
import {
  allPackageVersionIds,
  insertPackageVersionKeys,
  lockAllPackageVersions,
  lockPackageVersions,
  lockPackageVersionsOf,
  packageVersionsByIds,
  packageVersionsForVulnerabilities,
  refreshStatistics,
  replacePackageFindings,
  stillUnevaluated,
  unevaluatedPackageVersions,
  unkeyedComponents,
  upsertPackageVersions,
  type PackageVersionInput,
  type PackageVersionRow,
} from './package-verdicts.repo.ts';
import { componentKey } from './sql-fragments.ts';
import { candidatesFor, identityKey } from './match-batch.ts';
import { PLATFORM_CONFIRMED, platformVerdict } from './cpe.matcher.ts';
import { createContext, platformIndex, prepareComponent, type MatchContext, type MatcherOptions } from './matcher.ts';
import { findingsFor } from './match.ts';
import type { Finding } from './match.model.ts';

export interface MatchingServiceDeps {
  db: Db;
  /** The advisory store as seen through a connection; default: the database store. */
  lookupFor?: (db: Db) => AdvisoryLookup;
  clock: Clock;
  log: Logger;
  options?: MatcherOptions;
  /**
   * The running-on platforms (CPEs) the policy in force declares for a product; read once per
   * run, before its transactions. Default: none declared, only the inventories say.
   */
  declaredPlatforms?: () => Promise<(product: string) => readonly string[]>;
}

/** Whose platforms settle the verdicts that wait on one. */
type DeclaredPlatforms = (product: string) => readonly string[];
const NONE_DECLARED: DeclaredPlatforms = () => [];

export interface MatchRunResult extends FanOutResult {
  /** Package versions evaluated against the store. */
  evaluated: number;
}

/** Extra work a run commits with its fan-out (an outbox task marked done). */
export interface RunOptions {
  complete?: (tx: Db) => Promise<void>;
}

const EVALUATE_BATCH = 2_000;
/** New keys from which a run is a bulk load worth fresh planner statistics. */
const BULK = 5_000;

const inTransaction = <T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> => db.transaction((tx) => fn(tx as unknown as Db));

export class MatchingService {
  private readonly ctx: MatchContext;
  private readonly lookupFor: (db: Db) => AdvisoryLookup;

  constructor(private readonly deps: MatchingServiceDeps) {
    // Package versions are shared across products, so they are judged without any one
    // product's platforms: a match that needs one is marked `platform-unverified` and keeps its
    // configurations, which each fan-out settles per product version (`settlePlatforms`).
    this.ctx = createContext(deps.options ?? {});
    this.lookupFor = deps.lookupFor ?? ((db) => new DbAdvisoryLookup(db));
  }

  /** Forward: a product version's new or replaced SBOM, or a lifecycle change. Archived versions keep no open finding. */
  async matchVersion(productVersionId: string, run: RunOptions = {}): Promise<MatchRunResult> {
    await this.keyComponents([productVersionId]);
    const evaluated = await this.evaluateNew(await unevaluatedPackageVersions(this.deps.db, [productVersionId]));
    const declared = await this.declared();
    return inTransaction(this.deps.db, async (tx) => {
      // One fan-out per product version at a time, and none while its inventory is replaced.
      await lockProductVersion(tx, productVersionId);
      await lockPackageVersionsOf(tx, [productVersionId]);
      const written = await this.fanOut(tx, { kind: 'versions', productVersionIds: [productVersionId] }, declared);
      await run.complete?.(tx);
      return { evaluated, ...written };
    });
  }

  /** Reverse: new, changed or withdrawn advisories; only the package versions they concern are re-evaluated, in one transaction with their fan-out. */
  async matchVulnerabilities(vulnerabilityIds: string[], run: RunOptions = {}): Promise<MatchRunResult> {
    const declared = await this.declared();
    return inTransaction(this.deps.db, async (tx) => {
      const ids = vulnerabilityIds.length === 0 ? [] : await packageVersionsForVulnerabilities(tx, vulnerabilityIds);
      await lockPackageVersions(tx, ids, 'update');
      const evaluated = await this.evaluate(tx, ids, vulnerabilityIds);
      const scope: FanOutScope = { kind: 'packages', packageVersionIds: ids, vulnerabilityIds };
      const written = ids.length === 0 ? { upserted: 0, opened: 0, retracted: 0 } : await this.fanOut(tx, scope, declared);
      await run.complete?.(tx);
      return { evaluated, ...written };
    });
  }

  /** Everything again: every current component keyed, every package version evaluated, every finding refreshed. */
  async rematchAll(): Promise<MatchRunResult> {
    const t0 = performance.now();
    await this.keyComponents('all');
    const t1 = performance.now();
    let evaluated = 0;
    for (let after = 0; ;) {
      const ids = await allPackageVersionIds(this.deps.db, after, EVALUATE_BATCH);
      if (ids.length === 0) break;
      evaluated += await inTransaction(this.deps.db, async (tx) => {
        await lockPackageVersions(tx, ids, 'update');
        return this.evaluate(tx, ids);
      });
      after = ids[ids.length - 1] ?? after;
    }
    await refreshStatistics(this.deps.db, ['package_findings']);
    const declared = await this.declared();
    const t2 = performance.now();
    const written = await inTransaction(this.deps.db, async (tx) => {
      // Row locks of other runs conflict with this: no verdict changes under the whole fan-out.
      await lockAllPackageVersions(tx);
      return this.fanOut(tx, { kind: 'all' }, declared);
    });
    const ms = (a: number, b: number): number => Math.round(b - a);
    this.deps.log.info({ evaluated, ...written, keyMs: ms(t0, t1), evaluateMs: ms(t1, t2), fanOutMs: ms(t2, performance.now()) }, 'full re-match done');
    return { evaluated, ...written };
  }

  /**
   * After a policy change: every product version shipping a verdict that waits on a platform is
   * matched forward again, so the platforms the policy now declares settle its findings.
   */
  async rematchPlatformDependents(): Promise<MatchRunResult> {
    const total: MatchRunResult = { evaluated: 0, upserted: 0, opened: 0, retracted: 0 };
    for (const id of await productVersionsWaitingOnPlatforms(this.deps.db)) {
      const r = await this.matchVersion(id);
      for (const k of Object.keys(total) as (keyof MatchRunResult)[]) total[k] += r[k];
    }
    return total;
  }

  private async declared(): Promise<DeclaredPlatforms> {
    return this.deps.declaredPlatforms ? this.deps.declaredPlatforms() : NONE_DECLARED;
  }

  /** The fan-out of a scope, with its platform-dependent verdicts settled per product version first. */
  private async fanOut(tx: Db, scope: FanOutScope, declared: DeclaredPlatforms): Promise<FanOutResult> {
    const settled = await this.settlePlatforms(tx, scope, declared);
    return fanOut(tx, scope, this.deps.clock.now(), { settled, confirmed: PLATFORM_CONFIRMED });
  }

  /**
   * Settles each verdict of the scope that waits on a running-on platform, per product version
   * shipping it, against that version's platforms: the CPEs of its inventory and those the
   * policy declares for its product. Unsettled ones (neither names the platform) are left out.
   */
  private async settlePlatforms(tx: Db, scope: FanOutScope, declared: DeclaredPlatforms): Promise<PlatformSettlement[]> {
    const dependents = await platformDependents(tx, scope);
    if (dependents.length === 0) return [];
    const inventories = await inventoryPlatforms(tx, [...new Set(dependents.map((d) => d.productVersionId))]);
    const packages = new Map((await packageVersionsByIds(tx, [...new Set(dependents.map((d) => d.packageVersionId))])).map((r) => [r.id, r]));
    const indexes = new Map<string, ReturnType<typeof platformIndex>>();
    const settled: PlatformSettlement[] = [];
    for (const d of dependents) {
      const row = packages.get(d.packageVersionId);
      if (!row) continue;
      let index = indexes.get(d.productVersionId);
      if (!index) {
        index = platformIndex([...(inventories.get(d.productVersionId) ?? []), ...declared(d.product)]);
        indexes.set(d.productVersionId, index);
      }
      const component = prepareComponent({ name: row.componentName, version: row.version, purl: row.purl, cpe: row.cpe });
      const verdict = platformVerdict(d.conditions, component, index);
      if (verdict !== 'unknown') settled.push({ pv: d.productVersionId, pkg: d.packageVersionId, vuln: d.vulnerabilityId, present: verdict === 'present' });
    }
    return settled;
  }

  /** Turns the distinct identifying columns of current components not seen before into package versions and keys. */
  private async keyComponents(scope: string[] | 'all'): Promise<void> {
    const fresh = await unkeyedComponents(this.deps.db, scope);
    const identities = new Map<string, PackageVersionInput>();
    const keys = fresh.map((r) => {
      const p = prepareComponent(r);
      const identity = identityKey(p);
      if (!identities.has(identity)) {
        const cpe = r.cpe ? cpeIndexKey(r.cpe) : null;
        identities.set(identity, {
          identity,
          ecosystem: p.pkg?.ecosystem ?? null,
          name: p.pkg?.name ?? null,
          sourceName: p.pkg?.source?.name ?? null,
          version: p.version ?? null,
          purl: r.purl,
          cpe: r.cpe,
          cpeVendor: cpe?.vendor ?? null,
          cpeProduct: cpe?.product ?? null,
          componentName: r.name,
          purlBase: r.purl ? purlBase(r.purl) : null,
        });
      }
      return { key: componentKey(r), identity };
    });
    const ids = await upsertPackageVersions(this.deps.db, [...identities.values()]);
    await insertPackageVersionKeys(
      this.deps.db,
      keys.map(({ key, identity }) => ({ key, packageVersionId: ids.get(identity) as number })),
    );
    if (fresh.length >= BULK) await refreshStatistics(this.deps.db, ['package_version_keys']);
  }

  /** Evaluates package versions never evaluated, a batch per transaction; those another run evaluated meanwhile are skipped. */
  private async evaluateNew(packageVersionIds: number[]): Promise<number> {
    let evaluated = 0;
    for (let i = 0; i < packageVersionIds.length; i += EVALUATE_BATCH) {
      const batch = packageVersionIds.slice(i, i + EVALUATE_BATCH);
      evaluated += await inTransaction(this.deps.db, async (tx) => {
        await lockPackageVersions(tx, batch, 'update');
        return this.evaluate(tx, await stillUnevaluated(tx, batch));
      });
    }
    return evaluated;
  }

  /** Evaluates locked package versions against the store and replaces their verdicts (on `vulnerabilityIds` only, when given). */
  private async evaluate(tx: Db, packageVersionIds: number[], vulnerabilityIds?: string[]): Promise<number> {
    const wanted = vulnerabilityIds ? new Set(vulnerabilityIds) : undefined;
    const lookup = this.lookupFor(tx);
    for (let i = 0; i < packageVersionIds.length; i += EVALUATE_BATCH) {
      const rows = await packageVersionsByIds(tx, packageVersionIds.slice(i, i + EVALUATE_BATCH));
      const verdicts = await this.verdicts(rows, lookup, wanted);
      await replacePackageFindings(
        tx,
        rows.map((r) => r.id),
        verdicts,
        vulnerabilityIds,
        this.deps.clock.now(),
      );
    }
    return packageVersionIds.length;
  }

  private async verdicts(
    rows: PackageVersionRow[],
    lookup: AdvisoryLookup,
    wanted: Set<string> | undefined,
  ): Promise<{ packageVersionId: number; finding: Finding }[]> {
    const prepared = rows.map((r) => prepareComponent({ name: r.componentName, version: r.version, purl: r.purl, cpe: r.cpe }));
    const candidates = await candidatesFor(prepared, lookup, this.ctx);
    const out: { packageVersionId: number; finding: Finding }[] = [];
    prepared.forEach((p, i) => {
      const all = candidates(p);
      const advisories = wanted ? all.filter((a) => wanted.has(a.vulnerabilityId)) : all;
      if (advisories.length === 0) return;
      for (const finding of findingsFor(p, advisories, this.ctx)) out.push({ packageVersionId: (rows[i] as PackageVersionRow).id, finding });
    });
    return out;
  }
}
