import { describe } from 'vitest';
import { itChecks, itOrders } from '../../../test/support/version-rows.ts';
import { pep440Scheme } from './pep440.scheme.ts';

describe('pep440', () => {
  itOrders(pep440Scheme, [
    ['1.0.dev0', '<', '1.0a0', 'PEP 440: dev release of the final comes first'],
    ['1.0a1', '<', '1.0b1', 'PEP 440 pre-release order'],
    ['1.0rc1', '<', '1.0', 'PEP 440'],
    ['1.0', '<', '1.0.post1', 'PEP 440'],
    ['1.0.post1.dev1', '<', '1.0.post1', 'PEP 440: dev of a post-release'],
    ['1.0', '<', '1.0+local', 'PEP 440 local versions sort after the public one'],
    ['1.0+abc', '<', '1.0+1', 'packaging: numeric local segments after alphanumeric'],
    ['1!0.1', '>', '2.0', 'epochs'],
    ['1.0', '=', '1.0.0', 'trailing zeros'],
    ['1.0-1', '=', '1.0.post1', 'implicit post-release'],
    ['1.0.C1', '=', '1.0rc1', 'normalised spelling'],
    ['0.9-doduo', '<', '0.9', 'legacy versions sort before PEP 440 ones (packaging < 22)'],
    ['2.2.0', '<', '2.2.1', 'PYSEC-2021-19 style bound'],
  ]);
  itChecks(pep440Scheme, [
    ['1.0', 'canonical'],
    ['v1.0rc1.post2.dev3+ubuntu.1', 'canonical'],
    [' 1.0 ', 'canonical'],
    ['1.0-foo', 'lenient'],
    ['dev', 'lenient'],
    ['', 'invalid'],
    ['   ', 'invalid'],
  ]);
});
