import { and, eq, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../core/errors.ts';
import { components, products, productVersions, type Db } from '../db/index.ts';
import { parsePurl, toCpe23 } from '../ids/index.ts';
import { purlBase } from './purl-base.ts';

export interface WhereUsedRow {
  product: string;
  teamId: string;
  version: string;
  lifecycle: string;
  component: { name: string; group: string | null; version: string | null; purl: string | null; cpe: string | null; direct: boolean | null };
}

const CPE23_FIELDS = 13;

/**
 * People type CPEs short (`cpe:2.3:a:openssl:openssl`, vendor and product only); the formatted
 * string has all 13 fields. The missing trailing ones are ANY.
 */
export function completeCpe23(q: string): string {
  if (!q.toLowerCase().startsWith('cpe:2.3:')) return q;
  const fields = q.split(/(?<!\\):/).length;
  return fields < CPE23_FIELDS ? q + ':*'.repeat(CPE23_FIELDS - fields) : q;
}

/** A CPE 2.3 attribute as stored in `components.cpe` (escaped, as formatted); null for ANY and NA. */
const cpeValue = (v: string | undefined): string | null => (v === undefined || v === '*' || v === '-' ? null : v);

/**
 * "Do you ship anything using X?" (JPCERT/CC asks vendors exactly this): a purl with or without
 * version, a CPE (vendor and product, plus version when it names one), or a component name.
 * Each form hits an index, so the answer comes from the inventory in milliseconds.
 */
export function whereUsedCondition(query: string): SQL {
  const q = query.trim();
  if (q.startsWith('pkg:')) {
    const p = parsePurl(q);
    if (!p.ok) throw new AppError('INVALID_PURL', p.message, 400, [{ path: 'q', message: p.message }]);
    const base = purlBase(q)!;
    return p.value.version === undefined ? eq(components.purlBase, base) : and(eq(components.purlBase, base), eq(components.version, p.value.version))!;
  }
  if (q.startsWith('cpe:')) {
    const c = toCpe23(completeCpe23(q));
    if (!c.ok) throw new AppError('INVALID_CPE', c.message, 400, [{ path: 'q', message: c.message }]);
    // cpe:2.3:part:vendor:product:version:… — split on the colons that are not escaped.
    const [, , , vendorRaw, productRaw, versionRaw] = c.value.split(/(?<!\\):/);
    const vendor = cpeValue(vendorRaw);
    const product = cpeValue(productRaw);
    const version = cpeValue(versionRaw);
    if (!vendor || !product) {
      throw new AppError('CPE_TOO_BROAD', 'a CPE query needs a vendor and a product', 400, [{ path: 'q', message: 'vendor or product is ANY' }]);
    }
    const conds = [sql`split_part(${components.cpe}, ':', 4) = ${vendor}`, sql`split_part(${components.cpe}, ':', 5) = ${product}`];
    if (version) conds.push(sql`split_part(${components.cpe}, ':', 6) = ${version}`);
    return and(...conds)!;
  }
  return sql`lower(${components.name}) = ${q.toLowerCase()}`;
}

export async function whereUsed(db: Db, query: string, teamId: string | null, limit = 1000): Promise<WhereUsedRow[]> {
  const cond = whereUsedCondition(query);
  const rows = await db
    .select({
      product: products.name,
      teamId: products.teamId,
      version: productVersions.version,
      lifecycle: productVersions.lifecycle,
      name: components.name,
      group: components.group,
      componentVersion: components.version,
      purl: components.purl,
      cpe: components.cpe,
      direct: components.direct,
    })
    .from(components)
    .innerJoin(productVersions, eq(productVersions.id, components.productVersionId))
    .innerJoin(products, eq(products.id, productVersions.productId))
    .where(teamId === null ? cond : and(cond, eq(products.teamId, teamId)))
    .orderBy(products.name, productVersions.version, components.name)
    .limit(limit);
  return rows.map((r) => ({
    product: r.product,
    teamId: r.teamId,
    version: r.version,
    lifecycle: r.lifecycle,
    component: { name: r.name, group: r.group, version: r.componentVersion, purl: r.purl, cpe: r.cpe, direct: r.direct },
  }));
}
