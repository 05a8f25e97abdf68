import { describe, expect, it } from 'vitest';
import { goScheme, goToolchainVersion } from './go.scheme.ts';

describe('goToolchainVersion', () => {
  it.each([
    { given: '1.21.3', want: '1.21.3', why: 'Syft purl version (go prefix trimmed)' },
    { given: 'v1.21.3', want: '1.21.3', why: 'Trivy' },
    { given: 'go1.21.3', want: '1.21.3', why: 'the go command and runtime.Version()' },
    { given: 'go1.20', want: '1.20.0', why: 'before Go 1.21 the first release of a line had no patch number' },
    { given: 'go1.21rc2', want: '1.21.0-rc.2', why: 'as Go vulndb writes release candidates' },
    { given: 'go1.9beta1', want: '1.9.0-beta.1', why: 'betas alike' },
    { given: 'go1.22.1 X:nocoverageredesign', want: '1.22.1', why: 'build settings after a space are not part of the version' },
    { given: 'devel go1.23-abc', want: 'devel go1.23-abc', why: 'a development build has no release to compare' },
  ])('$given → $want ($why)', ({ given, want }) => {
    expect(goToolchainVersion(given)).toBe(want);
  });

  it.each([
    { a: 'go1.18.5', b: '1.18.6', order: -1 },
    { a: 'go1.19rc1', b: '1.19.0-0', order: 1 },
    { a: 'v1.21.3', b: '1.21.3', order: 0 },
  ])('$a against the vulndb bound $b orders $order', ({ a, b, order }) => {
    expect(goScheme.compare(goToolchainVersion(a), b)).toBe(order);
  });
});
