import { describe } from 'vitest';
import { itChecks, itOrders } from '../../../test/support/version-rows.ts';
import { rpmScheme } from './rpm.scheme.ts';

describe('rpm', () => {
  itOrders(rpmScheme, [
    ['1.0~rc1', '<', '1.0', 'rpm ≥ 4.10: ~ sorts first'],
    ['1.0^git1', '>', '1.0', 'rpm ≥ 4.15: ^ after the end'],
    ['1.0^git1', '<', '1.0.1', 'rpm ≥ 4.15: ^ before more text'],
    ['10a', '<', '10.1', 'numeric segments beat alpha ones'],
    ['2.0', '=', '2_0', 'separators do not matter'],
    ['1:1.0', '>', '2.0', 'epoch'],
    ['1.0', '<', '1.0-1', 'rpm.labelCompare: a missing release sorts first'],
    ['0:3.10.0-229.el7', '<', '0:3.10.0-229.1.2.el7', 'RHSA kernel bounds'],
    ['1.m+e2:1', '<', '4.m+e1:1', 'colons that are not epochs (osv-scalibr redhat-versions.txt)'],
  ]);
  itChecks(rpmScheme, [
    ['1:2.3-4.el9', 'canonical'],
    ['', 'invalid'],
    ['1 2', 'invalid'],
  ]);
});
