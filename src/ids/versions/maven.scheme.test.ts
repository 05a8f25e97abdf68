import { describe } from 'vitest';
import { itChecks, itOrders } from '../../../test/support/version-rows.ts';
import { mavenScheme } from './maven.scheme.ts';

describe('maven', () => {
  itOrders(mavenScheme, [
    ['1.0-alpha-1', '<', '1.0-beta-1', 'POM reference qualifier order'],
    ['1.0-SNAPSHOT', '<', '1.0', 'POM reference'],
    ['1.0', '<', '1.0-sp', 'sp sorts after the release'],
    ['1.0-ga', '=', '1.0', 'ga is the release'],
    ['1.0.final', '=', '1.0', 'final is the release'],
    ['1.0-cr1', '=', '1.0-rc1', 'cr aliases rc'],
    ['1a1', '=', '1-alpha-1', 'a followed by a digit is alpha'],
    ['1-a', '>', '1-sp', 'bare a is an unknown qualifier, after sp'],
    ['1.0.0.RC1', '<', '1.0.0-RC2', 'MNG-7644: .X reads as -X (3.9)'],
    ['1.0.0-RC2', '<', '1.0.1', 'MNG-7644'],
    ['2.0.a', '<', '2-1', 'maven-artifact 3.9.6; 3.8 says >'],
    ['1-0-rc', '<', '1', 'MNG-6964: the whole list compares with nothing'],
    ['2.12.6.1', '>', '2.12.6', 'GHSA-rgv9-q543-rqg4: jackson-databind 2.12.6.1'],
  ]);
  itChecks(mavenScheme, [
    ['1.0', 'canonical'],
    ['anything goes', 'canonical'],
    ['', 'invalid'],
  ]);
});
