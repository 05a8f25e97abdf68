import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../core/package-root.ts';
import type { Runtime } from '../runtime/index.ts';

interface DemoEntry {
  file: string;
  product: string;
  version: string;
  part?: string;
}

/**
 * `kanshi start --demo`: the example SBOMs listed in `sboms/demo.json`, uploaded as products of
 * a `demo` team, so a first look at the dashboard and API has something in it.
 */
export async function loadDemo(rt: Runtime): Promise<void> {
  const dir = path.join(packageRoot(), 'sboms');
  const entries = JSON.parse(await readFile(path.join(dir, 'demo.json'), 'utf8')) as DemoEntry[];
  const { id } = await rt.tokens.create({ team: 'demo', role: 'uploader', label: 'demo loader' });
  const principal = { tokenId: id, role: 'uploader' as const, teamId: 'demo' };
  for (const e of entries) {
    try {
      const bytes = await readFile(path.join(dir, e.file));
      const result = await rt.inventory.ingest.accept(principal, { product: e.product, version: e.version, part: e.part ?? 'main', validation: 'warn' }, bytes);
      rt.deps.log.info({ file: e.file, upload: result.id }, 'demo SBOM uploaded');
    } catch (err) {
      rt.deps.log.warn({ err, file: e.file }, 'demo SBOM not loaded');
    }
  }
}
