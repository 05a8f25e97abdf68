import { describe } from 'vitest';
import { itChecks, itOrders } from '../../../test/support/version-rows.ts';
import { rubygemsScheme } from './rubygems.scheme.ts';

describe('rubygems', () => {
  itOrders(rubygemsScheme, [
    ['1.0.a', '<', '1.0', 'Gem::Version: letters are pre-releases'],
    ['1.0-rc1', '=', '1.0.pre.rc1', 'Gem::Version: - means .pre.'],
    ['1.0.0', '=', '1', 'canonical segments drop trailing zeros'],
    ['3.2', '<', '3.10', 'numeric segments'],
    ['1beta', '<', '1', 'lenient like OSV (osv-scalibr rubygems-versions.txt)'],
    ['6.1.7.6', '<', '6.1.7.7', 'GHSA-23c2-gwp5-pxw9: rails fixed in 6.1.7.7'],
  ]);
  itChecks(rubygemsScheme, [
    ['1.0.0.rc1', 'canonical'],
    ['1.0-beta-2', 'canonical'],
    ['1beta', 'lenient'],
    ['1.0_rc', 'lenient'],
    ['beta', 'invalid'],
    ['1.0!', 'invalid'],
  ]);
});
