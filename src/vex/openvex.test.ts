import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../test/support/fixtures.ts';
import { openVexSchema } from '../../test/support/vex-schemas.ts';
import { openVex } from './openvex.ts';
import { leftPad, lodash, statement, vulnerability } from './testdata/statements.ts';
import type { VexStatement } from './vex-model.ts';

const cve = vulnerability('CVE-2099-0001', { aliases: ['GHSA-aaaa-bbbb-cccc'] });
const statements: VexStatement[] = [
  statement(cve, { status: 'affected', fixVersion: '1.1' }),
  statement(cve, { status: 'not_affected', components: [lodash], justification: 'vulnerable_code_not_present' }),
  statement(vulnerability('GHSA-xxxx-yyyy-zzzz'), { status: 'not_affected', components: [leftPad, { ...leftPad, ref: 'other copy' }], impact: 'compiled out' }),
  statement(vulnerability('CVE-2099-0002'), { status: 'fixed', components: [] }),
  statement(vulnerability('CVE-2099-0003'), { status: 'under_investigation' }),
];
const doc = openVex(
  {
    subject: { name: 'shop', version: '1.0', purl: null },
    author: 'ACME PSIRT',
    timestamp: new Date('2026-12-01T00:00:00Z'),
    statements,
    components: 'embedded',
  },
  'Kanshi 0.1.0',
);
type Out = {
  statements: {
    status: string;
    justification?: string;
    impact_statement?: string;
    action_statement?: string;
    products: { '@id': string; subcomponents?: { '@id': string }[] }[];
  }[];
};

describe('OpenVEX', () => {
  it.each([
    [0, { status: 'affected', action_statement: 'Upgrade shop to 1.1.' }],
    [1, { status: 'not_affected', justification: 'vulnerable_code_not_present' }],
    [2, { status: 'not_affected', impact_statement: 'compiled out' }],
    [3, { status: 'fixed' }],
    [4, { status: 'under_investigation' }],
  ])('statement %i says %o', (i, expected) => {
    expect((doc as Out).statements[i]).toMatchObject(expected);
  });

  it('names the product version by a generic purl and each component once, by purl', () => {
    const s = (doc as Out).statements;
    expect(s[2]!.products).toEqual([
      {
        '@id': 'pkg:generic/shop@1.0',
        identifiers: { purl: 'pkg:generic/shop@1.0' },
        subcomponents: [{ '@id': leftPad.purl, identifiers: { purl: leftPad.purl } }],
      },
    ]);
    expect(s[3]!.products[0]!.subcomponents).toBeUndefined();
  });
});

describeWithFixtures('OpenVEX against the OpenVEX 0.2.0 schema', (fixtures) => {
  it('validates', () => {
    expect(openVexSchema(fixtures)(doc)).toEqual([]);
  });
});
