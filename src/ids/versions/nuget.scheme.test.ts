import { describe } from 'vitest';
import { itChecks, itOrders } from '../../../test/support/version-rows.ts';
import { nugetScheme } from './nuget.scheme.ts';

describe('nuget', () => {
  itOrders(nugetScheme, [
    ['1.0.0-BETA', '=', '1.0.0-beta', 'labels are case-insensitive'],
    ['1.0', '=', '1.0.0.0', 'legacy four-part'],
    ['1.0.0', '<', '1.0.0.1', 'legacy four-part'],
    ['1.0.01', '=', '1.0.1', 'leading zeros'],
    ['1.0.0-beta.2', '<', '1.0.0-beta.10', 'numeric labels by value'],
    ['1.0.0+a', '=', '1.0.0+b', 'metadata does not order'],
    ['4.7.3', '<', '4.7.4', 'GHSA-7jgj-8wvc-jh57 style bound'],
  ]);
  itChecks(nugetScheme, [
    ['1.2.3.4-rc.1+meta', 'canonical'],
    ['1.2.3.4.5', 'lenient'],
    ['99999999999.0', 'lenient'],
    ['v1.0', 'invalid'],
  ]);
});
