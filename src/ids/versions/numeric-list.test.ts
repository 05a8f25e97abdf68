import { describe } from 'vitest';
import { itChecks, itOrders } from '../../../test/support/version-rows.ts';
import { cranScheme } from './cran.scheme.ts';
import { hackageScheme } from './hackage.scheme.ts';

describe('cran', () => {
  itOrders(cranScheme, [
    ['0.9', '<', '0.75', 'R package_version: numbers, not decimals'],
    ['0.1-0', '=', '0.1.0', '- and . weigh the same'],
    ['0.1.0', '<', '0.1.0.0', 'longer is greater'],
  ]);
  itChecks(cranScheme, [
    ['1.0-1', 'canonical'],
    ['1', 'lenient'],
    ['1.0a', 'invalid'],
  ]);
});

describe('hackage', () => {
  itOrders(hackageScheme, [
    ['1.0', '<', '1.0.0', 'Cabal Version lists'],
    ['0.11.3.0', '<', '1.0.0.0', 'osv-scalibr hackage-versions.txt'],
  ]);
  itChecks(hackageScheme, [
    ['1.2.3.4', 'canonical'],
    ['1.2-3', 'invalid'],
  ]);
});
