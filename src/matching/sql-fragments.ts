/** SQL pieces the matching repositories share: components as matching sees them, and list helpers. */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';

export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** A parenthesised-list body; `null` for none, so `x in (null)` holds for nothing. */
export const list = (values: readonly (string | number)[]): SQL =>
  values.length === 0
    ? sql`null`
    : sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      );

export const affectedRows = (r: unknown): number =>
  Number((r as { rowCount?: number; affectedRows?: number }).rowCount ?? (r as { affectedRows?: number }).affectedRows ?? 0);

/** The identifying columns of components; components alike in all four are one package version. */
export interface ComponentColumns {
  name: string;
  version: string | null;
  purl: string | null;
  cpe: string | null;
}

/** The key `package_version_keys` holds, computed the same way in SQL (`componentKeySql`) and here. */
export const componentKey = (c: ComponentColumns): string =>
  createHash('md5')
    .update(`${c.purl ?? ''}\u001f${c.cpe ?? ''}\u001f${c.version ?? ''}\u001f${c.name}`)
    .digest('hex');

export const componentKeySql = sql`md5(coalesce(c.purl, '') || chr(31) || coalesce(c.cpe, '') || chr(31) || coalesce(c.version, '') || chr(31) || c.name)`;

/** Components (`c`) of the current upload of each part of non-archived product versions. */
export const currentComponentsFrom = sql`components c
    join sbom_uploads u on u.id = c.upload_id and u.superseded_at is null
    join product_versions pv on pv.id = c.product_version_id and pv.lifecycle <> 'archived'`;

export function inVersions(productVersionIds: string[] | 'all'): SQL {
  return productVersionIds === 'all' ? sql`true` : sql`c.product_version_id in (${list(productVersionIds)})`;
}
