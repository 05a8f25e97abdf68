import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../core/package-root.ts';
import { parseSbom } from '../inventory/index.ts';

const dir = path.join(packageRoot(), 'sboms');
const entries = JSON.parse(readFileSync(path.join(dir, 'demo.json'), 'utf8')) as { file: string; product: string }[];
const expected: Record<string, number> = {
  'acme-portal_2.4.0.cdx.json': 5,
  'acme-router_1.8.2_firmware.cdx.xml': 3,
  'acme-router_1.8.2_webui.spdx.json': 3,
};

describe('demo SBOMs under sboms/', () => {
  it.each(entries)('$file passes strict validation with its components', async ({ file }) => {
    const parsed = await parseSbom(readFileSync(path.join(dir, file)), { validation: 'strict', maxBytes: 1 << 20 });
    if (!parsed.ok) throw new Error(`${file}: ${parsed.message}`);
    expect(parsed.sbom.components.length).toBe(expected[file]);
  });
});
