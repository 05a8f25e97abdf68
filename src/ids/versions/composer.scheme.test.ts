import { describe } from 'vitest';
import { itChecks, itOrders } from '../../../test/support/version-rows.ts';
import { composerScheme } from './composer.scheme.ts';

describe('composer', () => {
  itOrders(composerScheme, [
    ['1.0-dev', '<', '1.0a1', 'php version_compare.phpt'],
    ['1.0RC1', '=', '1.0rc1', 'php version_compare.phpt'],
    ['1.0', '<', '1.0pl1', 'php version_compare.phpt'],
    ['1.0', '<', '1.0.0', 'php: a longer version with a number is greater'],
    ['1.0.0', '>', '1.0.0beta', 'php: leftover word weighed against a number'],
    ['v1.0.0', '=', '1.0.0', 'OSV strips the v'],
    ['1.2.3.#', '=', '1.2.3', 'php: # is a separator'],
    ['5.4.46', '<', '5.4.47', 'GHSA-7v5h-g9h8-6c8r style symfony bound'],
  ]);
  itChecks(composerScheme, [
    ['1.0.0-beta2', 'canonical'],
    ['dev-master', 'lenient'],
    ['', 'invalid'],
    ['-1', 'invalid'],
  ]);
});
