/**
 * Forward, reverse and full matching over the inventory. Every path works on distinct package
 * versions: components are keyed to their package version once, a package version is
 * evaluated once for the whole portfolio, and its verdicts are fanned out to findings in SQL.
 */
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../db/index.ts';
import type { AdvisoryLookup } from '../vulns/advisory-lookup.ts';
import { purlBase } from '../inventory/purl-base.ts';
import { cpeIndexKey } from '../vulns/affected-index.ts';
import {
  allPackageVersionIds,
  componentKey,
  fanOut,
  insertPackageVersionKeys,
  packageVersionsByIds,
  packageVersionsForVulnerabilities,
  refreshStatistics,
  replacePackageFindings,
  unevaluatedPackageVersions,
  unkeyedComponents,
  upsertPackageVersions,
  type FanOutScope,
  type PackageVersionInput,
  type PackageVersionRow,
} from './findings.repo.ts';
import { candidatesFor, identityKey } from './match-batch.ts';
import { createContext, prepareComponent, type MatchContext, type MatcherOptions } from './matcher.ts';
import { findingsFor } from './match.ts';
import type { Finding } from './match.model.ts';

export interface MatchingServiceDeps {
  db: Db;
  lookup: AdvisoryLookup;
  clock: Clock;
  log: Logger;
  options?: MatcherOptions;
}

export interface MatchRunResult {
  /** Package versions evaluated against the store. */
  evaluated: number;
  /** Findings written (new or refreshed). */
  upserted: number;
  retracted: number;
}

const EVALUATE_BATCH = 2_000;
/** New keys from which a run is a bulk load worth fresh planner statistics. */
const BULK = 5_000;

export class MatchingService {
  private readonly ctx: MatchContext;

  constructor(private readonly deps: MatchingServiceDeps) {
    // Package versions are shared across products, so they are judged without any one
    // product's platforms; AND-configuration matches stay marked `platform-unverified`.
    this.ctx = createContext(deps.options ?? {});
  }

  /** Forward: a product version's new or replaced SBOM. Archived versions are skipped by the queries. */
  async matchVersion(productVersionId: string): Promise<MatchRunResult> {
    await this.keyComponents([productVersionId]);
    const evaluated = await this.evaluate(await unevaluatedPackageVersions(this.deps.db, [productVersionId]));
    return { evaluated, ...(await fanOut(this.deps.db, { kind: 'versions', productVersionIds: [productVersionId] }, this.deps.clock.now())) };
  }

  /** Reverse: new, changed or withdrawn advisories; only the package versions they concern are re-evaluated. */
  async matchVulnerabilities(vulnerabilityIds: string[]): Promise<MatchRunResult> {
    if (vulnerabilityIds.length === 0) return { evaluated: 0, upserted: 0, retracted: 0 };
    const ids = await packageVersionsForVulnerabilities(this.deps.db, vulnerabilityIds);
    const evaluated = await this.evaluate(ids, vulnerabilityIds);
    const scope: FanOutScope = { kind: 'packages', packageVersionIds: ids, vulnerabilityIds };
    return { evaluated, ...(await fanOut(this.deps.db, scope, this.deps.clock.now())) };
  }

  /** Everything again: every current component keyed, every package version evaluated, every finding refreshed. */
  async rematchAll(): Promise<MatchRunResult> {
    const t0 = performance.now();
    await this.keyComponents('all');
    const t1 = performance.now();
    let evaluated = 0;
    for (let after = 0; ; ) {
      const ids = await allPackageVersionIds(this.deps.db, after, EVALUATE_BATCH * 5);
      if (ids.length === 0) break;
      evaluated += await this.evaluate(ids);
      after = ids[ids.length - 1] ?? after;
    }
    await refreshStatistics(this.deps.db, ['package_findings']);
    const t2 = performance.now();
    const written = await fanOut(this.deps.db, { kind: 'all' }, this.deps.clock.now());
    const ms = (a: number, b: number): number => Math.round(b - a);
    this.deps.log.info({ evaluated, ...written, keyMs: ms(t0, t1), evaluateMs: ms(t1, t2), fanOutMs: ms(t2, performance.now()) }, 'full re-match done');
    return { evaluated, ...written };
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

  /** Evaluates package versions against the store and replaces their verdicts (on `vulnerabilityIds` only, when given). */
  private async evaluate(packageVersionIds: number[], vulnerabilityIds?: string[]): Promise<number> {
    const wanted = vulnerabilityIds ? new Set(vulnerabilityIds) : undefined;
    for (let i = 0; i < packageVersionIds.length; i += EVALUATE_BATCH) {
      const rows = await packageVersionsByIds(this.deps.db, packageVersionIds.slice(i, i + EVALUATE_BATCH));
      const verdicts = await this.verdicts(rows, wanted);
      await replacePackageFindings(this.deps.db, rows.map((r) => r.id), verdicts, vulnerabilityIds, this.deps.clock.now());
    }
    return packageVersionIds.length;
  }

  private async verdicts(rows: PackageVersionRow[], wanted: Set<string> | undefined): Promise<{ packageVersionId: number; finding: Finding }[]> {
    const prepared = rows.map((r) => prepareComponent({ name: r.componentName, version: r.version, purl: r.purl, cpe: r.cpe }));
    const candidates = await candidatesFor(prepared, this.deps.lookup, this.ctx);
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
