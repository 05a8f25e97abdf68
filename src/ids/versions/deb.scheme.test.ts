import { describe } from 'vitest';
import { itChecks, itOrders } from '../../../test/support/version-rows.ts';
import { debScheme } from './deb.scheme.ts';

describe('deb', () => {
  itOrders(debScheme, [
    ['1.0~rc1', '<', '1.0', 'dpkg: ~ sorts before the end'],
    ['1:0.9', '>', '2.0', 'epochs'],
    ['1.0', '=', '0:1.0-0', 'absent epoch and revision'],
    ['1.0a', '<', '1.0+', 'letters before other characters'],
    ['1.2.3-1~deb7u1', '<', '1.2.3-1', 'security uploads (osv-scalibr debian-versions.txt)'],
    ['2.36-9+deb12u3', '<', '2.36-9+deb12u4', 'DSA-5514-1 glibc bound'],
    ['1:2.3', '>', '1:2.3~', 'tilde at the end'],
  ]);
  itChecks(debScheme, [
    ['1:2.3-4', 'canonical'],
    ['a1.0', 'lenient'],
    ['1.0_1', 'lenient'],
    ['', 'invalid'],
    [':1.0', 'invalid'],
    ['x:1.0', 'invalid'],
    ['1.0-', 'invalid'],
    ['1:', 'invalid'],
    ['1.0 1', 'invalid'],
    ['99999999999:1', 'invalid'],
  ]);
});
