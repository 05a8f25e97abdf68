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
    ['6.6.2p1-r0', '<', '6.6.2p1-r2', 'openssh on old branches: apk-tools 2 reads digits after the letter'],
    ['3.0.8-r0', '<', '3.0.9-r0', 'ALPINE-CVE openssl bound'],
    ['1.2~abc-r1', '=', '1.2-r1', 'commit hash does not order'],
    // Outside the grammar, ordered as `apk version -t` (apk-tools 2.14) orders them.
    ['1.2_blah', '<', '1.2', 'an unknown suffix is an invalid token, below the end'],
    ['1.2_blah', '<', '1.2_cvs1', 'an invalid token is below any valid one'],
    ['.1', '<', '1', 'no leading number'],
    ['1-r', '=', '1-r0', 'a revision without digits reads as 0'],
    ['1', '<', '1-ruff', 'apk-tools 2: the revision token comes before the invalid rest (apk-tools 3: >)'],
  ]);
  itChecks(apkScheme, [
    ['1.2.3_rc1_p2~ab12-r3', 'canonical'],
    ['10.2.22.r0', 'canonical'],
    ['1.18.-r2', 'lenient'],
    ['2.15.r-r1', 'lenient'],
    ['110.73-e0', 'lenient'],
    ['2.19.10.4_y8', 'lenient'],
    ['a', 'lenient'],
    ['', 'invalid'],
  ]);
});
