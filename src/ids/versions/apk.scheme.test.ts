import { describe } from 'vitest';
import { itChecks, itOrders } from '../../../test/support/version-rows.ts';
import { apkScheme } from './apk.scheme.ts';

describe('apk', () => {
  itOrders(apkScheme, [
    ['1.2_rc1', '<', '1.2', 'pre-release suffix'],
    ['1.2', '<', '1.2_p1', 'post-release suffix'],
    ['1.2_alpha', '<', '1.2_beta', 'suffix order'],
    ['1.2', '<', '1.2a', 'letter'],
    ['1.2-r1', '<', '1.2-r2', 'revision'],
    ['1.2', '<', '1.2-r0', 'apk-tools: the non-terminating version is greater'],
    ['1.05', '<', '1.1', 'apk-tools: leading zeros after a dot compare as fractions'],
    ['1.8.1p1-r1', '<', '1.8.2-r1', 'osv-scalibr alpine-versions-generated.txt'],
    ['3.0.8-r0', '<', '3.0.9-r0', 'ALPINE-CVE openssl bound'],
    ['1.2~abc-r1', '=', '1.2-r1', 'commit hash does not order'],
  ]);
  itChecks(apkScheme, [
    ['1.2.3_rc1_p2~ab12-r3', 'canonical'],
    ['10.2.22.r0', 'canonical'],
    ['1.18.-r2', 'invalid'],
    ['2.15.r-r1', 'invalid'],
    ['110.73-e0', 'invalid'],
    ['2.19.10.4_y8', 'invalid'],
    ['a', 'invalid'],
  ]);
});
