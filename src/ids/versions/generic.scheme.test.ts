import { describe } from 'vitest';
import { itChecks, itOrders } from '../../../test/support/version-rows.ts';
import { genericVersionScheme } from './generic.scheme.ts';

describe('generic (CPE)', () => {
  itOrders(genericVersionScheme, [
    ['2.4.49', '<', '2.4.50', 'CVE-2021-41773: httpd versionEndExcluding'],
    ['1.1.1', '<', '1.1.1k', 'OpenSSL letter releases'],
    ['1.1.1k', '<', '1.1.1l', 'CVE-2021-3711 bounds'],
    ['1.1.1z', '<', '1.1.2', 'letters before the next number'],
    ['2.0-rc1', '<', '2.0', 'pre-release words'],
    ['9.0.0.M1', '>', '9.0.0', 'single letters are not pre-releases'],
    ['1.0', '=', '1.0.0', 'trailing zeros'],
    ['5.5.0-BETA', '=', '5.5.0.beta', 'case and separators'],
    ['7 update 45', '<', '7 update 51', 'Java CPE versions'],
  ]);
  itChecks(genericVersionScheme, [
    ['-', 'invalid'],
    ['', 'invalid'],
  ]);
});
