/**
 * Forward, reverse and full matching over the inventory. Every path works on distinct package
 * versions: components are linked to their package version once, a package version is
 * evaluated once for the whole portfolio, and its verdicts are fanned out to findings in SQL.
 */
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../db/index.ts';
import type { AdvisoryLookup } from '../vulns/advisory-lookup.ts';
import { cpeIndexKey } from '../vulns/affected-index.ts';
import {
  allPackageVersionIds,
  fanOut,
  linkComponents,
  packageVersionsByIds,
  packageVersionsForVulnerabilities,
  replacePackageFindings,
  unevaluatedPackageVersions,
  unlinkedComponents,
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

const LINK_BATCH = 20_000;
const EVALUATE_BATCH = 2_000;

export class MatchingService {
  private readonly ctx: MatchContext;

  constructor(private readonly deps: MatchingServiceDeps) {
    // Package versions are shared across products, so they are judged without any one
    // product's platforms; AND-configuration matches stay marked `platform-unverified`.
    this.ctx = createContext(deps.options ?? {});
  }

  /** Forward: a product version's new or replaced SBOM. Archived versions are skipped by the queries. */
  async matchVersion(productVersionId: string): Promise<MatchRunResult> {
    await this.linkComponents([productVersionId]);
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

  /** Everything again: every current component linked, every package version evaluated, every finding refreshed. */
  async rematchAll(): Promise<MatchRunResult> {
    await this.linkComponents('all');
    let evaluated = 0;
    for (let after = 0; ; ) {
      const ids = await allPackageVersionIds(this.deps.db, after, EVALUATE_BATCH * 5);
      if (ids.length === 0) break;
      evaluated += await this.evaluate(ids);
      after = ids[ids.length - 1] ?? after;
    }
    return { evaluated, ...(await fanOut(this.deps.db, { kind: 'all' }, this.deps.clock.now())) };
  }

  /** Links current components without a package version to theirs, creating package versions as needed. */
  private async linkComponents(scope: string[] | 'all'): Promise<void> {
    const identities = new Map<string, PackageVersionInput>();
    for (let after = 0; ; ) {
      const rows = await unlinkedComponents(this.deps.db, scope, after, LINK_BATCH);
      if (rows.length === 0) break;
      identities.clear();
      const keyed = rows.map((r) => {
        const p = prepareComponent({ name: r.name, version: r.version, purl: r.purl, cpe: r.cpe });
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
          });
        }
        return { row: r, identity };
      });
      const ids = await upsertPackageVersions(this.deps.db, [...identities.values()]);
      await linkComponents(
        this.deps.db,
        keyed.map(({ row, identity }) => ({ componentId: row.id, productVersionId: row.productVersionId, packageVersionId: ids.get(identity) as number })),
      );
      after = rows[rows.length - 1]?.id ?? after;
      if (rows.length < LINK_BATCH) break;
    }
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
