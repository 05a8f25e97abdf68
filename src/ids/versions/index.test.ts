import { describe, expect, it } from 'vitest';
import { genericVersionScheme, supportedEcosystems, versionScheme } from './index.ts';

describe('versionScheme', () => {
  it.each([
    ['npm', 'semver'],
    ['crates.io', 'semver'],
    ['PyPI', 'pep440'],
    ['pypi', 'pep440'],
    ['Debian:12', 'deb'],
    ['Ubuntu:22.04:LTS', 'deb'],
    ['Alpine:v3.19', 'apk'],
    ['Red Hat:enterprise_linux:9::appstream', 'rpm'],
    ['Rocky Linux:9', 'rpm'],
    ['Packagist', 'composer'],
    ['Go', 'go'],
    ['Pub', 'pub'],
    ['maven', 'maven'],
    ['deb', 'deb'],
    ['gem', 'rubygems'],
    ['redhat', 'rpm'],
    ['generic', 'generic'],
  ])('%s → %s', (name, id) => {
    expect(versionScheme(name)?.id).toBe(id);
  });

  it('knows nothing of unknown ecosystems', () => {
    expect(versionScheme('Linux')).toBeUndefined();
    expect(versionScheme(':npm')).toBeUndefined();
  });

  it('lists every supported ecosystem as resolvable', () => {
    expect(supportedEcosystems.filter((e) => versionScheme(e) === undefined)).toEqual([]);
    expect(genericVersionScheme.id).toBe('generic');
  });
});
