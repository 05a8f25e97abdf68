import { describe } from 'vitest';
import { itChecks, itOrders } from '../../../test/support/version-rows.ts';
import { goScheme } from './go.scheme.ts';
import { pubScheme } from './pub.scheme.ts';
import { semverScheme } from './semver.scheme.ts';

describe('semver', () => {
  itOrders(semverScheme, [
    ['1.0.0-alpha', '<', '1.0.0-alpha.1', 'SemVer 2.0 §11'],
    ['1.0.0-alpha.beta', '<', '1.0.0-beta', 'SemVer 2.0 §11'],
    ['1.0.0-beta.2', '<', '1.0.0-beta.11', 'SemVer 2.0 §11: numeric identifiers by value'],
    ['1.0.0-rc.1', '<', '1.0.0', 'SemVer 2.0 §11'],
    ['1.2.3+build', '=', '1.2.3+other', 'build metadata does not order'],
    ['v1.2.3', '=', '1.2.3', 'OSV npm data mixes the v prefix'],
    ['1.2', '=', '1.2.0', 'lenient: missing numbers are zero'],
    ['1.2.3.4', '>', '1.2.3', 'lenient: four-part npm tags (GHSA data)'],
    ['18446744073709551616.0.0', '>', '18446744073709551615.0.0', 'numbers past 2^64'],
    ['4.17.20', '<', '4.17.21', 'GHSA-35jh-r3h4-6jhm: lodash fixed in 4.17.21'],
    ['1.2.3beta', '=', '1.2.3-beta', 'node-semver loose: pre-release without hyphen'],
  ]);
  itChecks(semverScheme, [
    ['1.2.3', 'canonical'],
    ['v1.2.3-rc.1+b.5', 'canonical'],
    ['1.2', 'lenient'],
    ['01.2.3', 'lenient'],
    ['1.2.3-01', 'lenient'],
    ['', 'invalid'],
    ['latest', 'invalid'],
    ['1.2.3-', 'invalid'],
    ['1..2', 'invalid'],
    ['1.2.3 ', 'invalid'],
  ]);
});

describe('go', () => {
  itOrders(goScheme, [
    ['v0.0.0-20191109021931-daa7c04131f5', '<', 'v0.0.0-20200101000000-aaaaaaaaaaaa', 'pseudo-versions order by commit time'],
    ['v1.2.3', '<', 'v1.2.4-0.20191109021931-daa7c04131f5', 'pseudo-version after v1.2.3'],
    ['v1.2.4-0.20191109021931-daa7c04131f5', '<', 'v1.2.4', 'pseudo-version before the next release'],
    ['v2.0.0+incompatible', '=', '2.0.0', '+incompatible is build metadata'],
    ['v2.1.0+incompatible', '>', 'v2.0.9+incompatible', 'GO-2022-0493 style bounds'],
  ]);
  itChecks(goScheme, [
    ['v2.0.0+incompatible', 'canonical'],
    ['v1.2.3+meta', 'lenient'],
    ['v1', 'lenient'],
  ]);
});

describe('pub', () => {
  itOrders(pubScheme, [
    ['1.0.0', '<', '1.0.0+1', 'pub_semver: a build sorts after the bare release'],
    ['1.2.3+9', '<', '1.2.3+a', 'osv-scalibr pub-versions.txt'],
    ['1.0.0-pre+build', '<', '1.0.0', 'osv-scalibr pub-versions.txt'],
  ]);
});
