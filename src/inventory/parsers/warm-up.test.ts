import { Ajv } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CDX_VERSIONS } from './cyclonedx-schema.ts';
import { parseSbom, warmUpValidators } from './index.ts';

const options = { validation: 'strict' as const, maxBytes: 1024 * 1024 };
const cycloneDx = (specVersion: string) => Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion, version: 1, components: [] }));
const spdx = (spdxVersion: string) =>
  Buffer.from(
    JSON.stringify({
      spdxVersion,
      SPDXID: 'SPDXRef-DOCUMENT',
      name: 'empty',
      dataLicense: 'CC0-1.0',
      creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Tool: kanshi'] },
    }),
  );

describe('warmUpValidators', () => {
  afterEach(() => vi.restoreAllMocks());

  it('compiles every JSON schema once, so that no upload compiles one', async () => {
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    await warmUpValidators();
    // One CycloneDX schema per version, SPDX 2.2 and 2.3.
    expect(compile).toHaveBeenCalledTimes(CDX_VERSIONS.length + 2);

    compile.mockClear();
    for (const version of CDX_VERSIONS) expect((await parseSbom(cycloneDx(version), options)).ok).toBe(true);
    for (const version of ['SPDX-2.2', 'SPDX-2.3']) expect((await parseSbom(spdx(version), options)).ok).toBe(true);
    await warmUpValidators();
    expect(compile).not.toHaveBeenCalled();
  });
});
