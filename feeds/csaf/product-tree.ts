/** A CSAF product with what its branches and helpers say about it. */
export interface CsafProduct {
  id: string;
  name: string;
  vendor?: string;
  /** The `product_name` (or `product_family`) branch above it. */
  product?: string;
  /** A `product_version` branch name. */
  version?: string;
  /** A `product_version_range` branch name: a `vers:` string or free text. */
  versionRange?: string;
  purl?: string;
  cpe?: string;
  /** For relationships: the product the component is part of or installed on. */
  platform?: string;
}

export interface ProductTree {
  products: Map<string, CsafProduct>;
  groups: Map<string, string[]>;
}

type Json = Record<string, unknown>;

const asObj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asStr = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

interface BranchContext {
  vendor?: string;
  product?: string;
  version?: string;
  versionRange?: string;
}

function helperIds(fpn: Json): { purl?: string; cpe?: string } {
  const helper = asObj(fpn.product_identification_helper) ?? {};
  // CSAF 2.1 allows several purls; the first names the product.
  const purl = asStr(helper.purl) ?? asStr(asArr(helper.purls)[0]);
  const cpe = asStr(helper.cpe);
  return { ...(purl ? { purl } : {}), ...(cpe ? { cpe } : {}) };
}

function productOf(fpn: unknown, ctx: BranchContext): CsafProduct | undefined {
  const p = asObj(fpn);
  const id = asStr(p?.product_id);
  if (!p || !id) return undefined;
  return { id, name: asStr(p.name) ?? id, ...ctx, ...helperIds(p) };
}

function walkBranches(branches: unknown, ctx: BranchContext, out: Map<string, CsafProduct>): void {
  for (const b of asArr(branches)) {
    const branch = asObj(b);
    if (!branch) continue;
    const name = asStr(branch.name);
    const next: BranchContext = { ...ctx };
    switch (branch.category) {
      case 'vendor':
        if (name) next.vendor = name;
        break;
      case 'product_name':
        if (name) next.product = name;
        break;
      case 'product_family':
        next.product ??= name;
        break;
      case 'product_version':
        if (name) next.version = name;
        break;
      case 'product_version_range':
        if (name) next.versionRange = name;
        break;
    }
    const p = productOf(branch.product, next);
    if (p) out.set(p.id, p);
    walkBranches(branch.branches, next, out);
  }
}

/**
 * Every product id of a `product_tree`: from branches (carrying vendor, product and version
 * from the branch path), `full_product_names`, and relationships, where the new id stands for
 * the component (`product_reference`) as part of the platform (`relates_to_product_reference`).
 */
export function resolveProductTree(tree: unknown): ProductTree {
  const t = asObj(tree) ?? {};
  const products = new Map<string, CsafProduct>();
  walkBranches(t.branches, {}, products);
  for (const fpn of asArr(t.full_product_names)) {
    const p = productOf(fpn, {});
    if (p) products.set(p.id, p);
  }
  for (const r of asArr(t.relationships)) {
    const rel = asObj(r);
    const fpn = asObj(rel?.full_product_name);
    const id = asStr(fpn?.product_id);
    const component = products.get(asStr(rel?.product_reference) ?? '');
    if (!rel || !fpn || !id) continue;
    const platform = asStr(rel.relates_to_product_reference);
    const own = helperIds(fpn);
    products.set(id, {
      ...(component ?? {}),
      ...own,
      id,
      name: asStr(fpn.name) ?? id,
      ...(platform ? { platform } : {}),
    });
  }
  const groups = new Map<string, string[]>();
  for (const g of asArr(t.product_groups)) {
    const group = asObj(g);
    const id = asStr(group?.group_id);
    if (id)
      groups.set(
        id,
        asArr(group?.product_ids).flatMap((x) => (typeof x === 'string' ? [x] : [])),
      );
  }
  return { products, groups };
}

export { asArr, asObj, asStr };
