import { whereUsed, type WhereUsedRow } from '../../inventory/index.ts';
import type { Runtime } from '../../runtime/index.ts';
import { writeTable } from '../table.ts';
import { apiRequest, type ServerOptions } from '../api-client.ts';

/** `kanshi where-used`: which products and versions ship a purl, a CPE or a name. */
export async function whereUsedCommand(
  query: string,
  o: { json: boolean },
  target: { server: ServerOptions } | { runtime: Runtime },
  out: NodeJS.WritableStream,
): Promise<number> {
  const rows: Omit<WhereUsedRow, 'teamId'>[] =
    'server' in target
      ? (await apiRequest<{ results: Omit<WhereUsedRow, 'teamId'>[] }>(target.server, 'GET', `/api/v1/where-used?q=${encodeURIComponent(query)}`)).results
      : await whereUsed(target.runtime.deps.db, query, null);
  if (o.json) {
    out.write(`${JSON.stringify({ query, results: rows }, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    out.write(`no product ships ${query}\n`);
    return 0;
  }
  const table = rows.map((r) => [
    r.product,
    r.version,
    r.lifecycle,
    `${r.component.group ? `${r.component.group}/` : ''}${r.component.name}@${r.component.version ?? '?'}`,
    r.component.direct === null ? '-' : r.component.direct ? 'direct' : 'transitive',
  ]);
  const head = ['PRODUCT', 'VERSION', 'LIFECYCLE', 'COMPONENT', 'DEPENDENCY'];
  writeTable(out, head, table);
  return 0;
}
