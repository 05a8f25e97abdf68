import { describe, expect, it } from 'vitest';
import { parseVersionSelector, selectorCovers } from './vex-versions.ts';

describe('selectorCovers', () => {
  it.each([
    { selector: '*', version: '1.0', covers: true },
    { selector: '1.0|2.0', version: '2.0', covers: true },
    { selector: '1.0|2.0', version: '2.1', covers: false },
    { selector: 'vers:generic/>=2.0|<3.0', version: '2.1', covers: true },
    { selector: 'vers:generic/>=2.0|<3.0', version: '2.0', covers: true },
    { selector: 'vers:generic/>=2.0|<3.0', version: '3.0', covers: false },
    { selector: 'vers:generic/>=2.0|<3.0', version: '1.9.9', covers: false },
    { selector: 'vers:generic/>=2.0|<3.0', version: '2.10', covers: true },
    { selector: 'vers:generic/>2.0|<=3.0', version: '2.0', covers: false },
    { selector: 'vers:generic/>2.0|<=3.0', version: '3.0', covers: true },
    { selector: 'vers:generic/>=2.0', version: '10.0', covers: true },
    { selector: 'vers:generic/>=2.0|!=2.5', version: '2.5', covers: false },
    { selector: 'vers:generic/1.0|2.0', version: '2.0', covers: true },
    { selector: 'vers:generic/*', version: '0.1', covers: true },
    { selector: 'vers:generic/>=3.0|>=2.0', version: '3.1', covers: false },
  ])('$selector covers $version: $covers', ({ selector, version, covers }) => {
    expect(selectorCovers(selector, version)).toBe(covers);
  });
});

describe('parseVersionSelector', () => {
  it.each([
    { input: '*', value: '*' },
    { input: '1.0|2.0', value: '1.0|2.0' },
    { input: ' 1.0 | 2.0 ', value: '1.0|2.0' },
    { input: 'vers:generic/>=2.0|<3.0', value: 'vers:generic/>=2.0|<3.0' },
    { input: 'vers:generic/>=3.0|>=2.0', value: undefined },
    { input: 'vers:npm/>=2.0', value: undefined },
    { input: 'vers:generic/', value: undefined },
    { input: '1.0||2.0', value: undefined },
    { input: '', value: undefined },
  ])('$input', ({ input, value }) => {
    const r = parseVersionSelector(input);
    expect(r.ok ? r.value : undefined).toBe(value);
  });
});
