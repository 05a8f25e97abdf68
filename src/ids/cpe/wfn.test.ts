import { describe, expect, it } from 'vitest';
import { toCpe22, toCpe23 } from './wfn.ts';

describe('toCpe23', () => {
  it.each([
    {
      input: 'cpe:/a:microsoft:internet_explorer:8.0.6001:beta',
      out: 'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*',
      why: 'URI missing components are ANY',
    },
    {
      input: 'cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~',
      out: 'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*',
      why: 'packed edition unpacked (NISTIR 7695 example)',
    },
    {
      input: 'cpe:/a:foo%5cbar:big%24money_manager_2010',
      out: 'cpe:2.3:a:foo\\\\bar:big\\$money_manager_2010:*:*:*:*:*:*:*:*',
      why: 'percent-encodings become quoted characters',
    },
    { input: 'cpe:/a:foo~bar:big%7emoney_2010', out: 'cpe:2.3:a:foo\\~bar:big\\~money_2010:*:*:*:*:*:*:*:*', why: '~ is quoted in the formatted string' },
    { input: 'CPE:2.3:A:Apache:Log4J:2.14.1:*:*:*:*:*:*:*', out: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*', why: 'names are lowercased' },
    {
      input: 'cpe:2.3:a:vendor:prod\\:uct:1.0:*:*:*:*:*:*:*',
      out: 'cpe:2.3:a:vendor:prod\\:uct:1.0:*:*:*:*:*:*:*',
      why: 'escaped colon stays inside the attribute',
    },
    { input: 'cpe:2.3:a:vendor:product:1.*:*:*:*:*:*:*:*', out: 'cpe:2.3:a:vendor:product:1.*:*:*:*:*:*:*:*', why: 'trailing wildcard kept' },
    { input: 'cpe:2.3:a:vendor:product:1\\.0:*:*:*:*:*:*:*', out: 'cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*', why: 'needlessly quoted dot normalised' },
  ])('$input ($why)', ({ input, out }) => {
    expect(toCpe23(input)).toEqual({ ok: true, value: out });
  });

  it.each([
    { input: 'cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*', why: 'one attribute short' },
    { input: 'cpe:2.3:x:vendor:product:1.0:*:*:*:*:*:*:*', why: 'unknown part' },
    { input: 'cpe:2.3:a:vendor:pro*duct:1.0:*:*:*:*:*:*:*', why: 'wildcard inside a value' },
    { input: 'cpe:2.3:a:vendor::1.0:*:*:*:*:*:*:*', why: 'empty attribute' },
    { input: 'cpe:/a:vendor:product:1.0:a:b:c:d', why: 'too many URI components' },
    { input: 'cpe:/a:vendor%zz:product', why: 'bad percent-encoding' },
    { input: 'cpe:/a:vendor:product:1.0::~a~b~c', why: 'packed edition with the wrong field count' },
    { input: 'apache:log4j', why: 'not a CPE' },
  ])('rejects $input ($why)', ({ input }) => {
    const r = toCpe23(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('INVALID_CPE');
  });
});

describe('toCpe22', () => {
  it('packs extended attributes into the edition', () => {
    expect(toCpe22('cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*')).toEqual({
      ok: true,
      value: 'cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~',
    });
  });
  it('drops trailing ANY components', () => {
    expect(toCpe22('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*')).toEqual({ ok: true, value: 'cpe:/a:apache:log4j' });
  });
});
