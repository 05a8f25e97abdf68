import { describe, expect, it } from 'vitest';
import { buildPurl, canonicalizePurl, parsePurl } from './purl.ts';

describe('canonicalizePurl', () => {
  it.each([
    { input: 'pkg:npm/%40angular/core@16.0.0', canonical: 'pkg:npm/%40angular/core@16.0.0', why: 'encoded npm scope is kept encoded' },
    { input: 'pkg:npm/@angular/core@16.0.0', canonical: 'pkg:npm/%40angular/core@16.0.0', why: 'unencoded npm scope @ is not a version separator' },
    { input: 'pkg:npm/@angular/core', canonical: 'pkg:npm/%40angular/core', why: 'scoped name without version' },
    { input: 'PKG:PyPI/Django_Rest@3.0', canonical: 'pkg:pypi/django-rest@3.0', why: 'pypi names are lowercased and _ becomes -' },
    {
      input: 'pkg://maven/org.Apache/Commons@1?b=2&a=1',
      canonical: 'pkg:maven/org.Apache/Commons@1?a=1&b=2',
      why: 'pkg:// accepted, qualifiers sorted, maven case kept',
    },
    { input: 'pkg:deb/debian/attr@1:2.4.47-2+b1?arch=amd64', canonical: 'pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64', why: '+ is encoded, : is not' },
    {
      input: 'pkg:golang/github.com/gorilla/mux@v1.8.0#/./sub//',
      canonical: 'pkg:golang/github.com/gorilla/mux@v1.8.0#sub',
      why: 'subpath . segments and empty segments dropped',
    },
    { input: 'pkg:generic/x@1?empty=&k=v', canonical: 'pkg:generic/x@1?k=v', why: 'empty qualifier values are dropped' },
  ])('$input → $canonical ($why)', ({ input, canonical }) => {
    expect(canonicalizePurl(input)).toEqual({ ok: true, value: canonical });
  });

  it.each([
    { input: 'npm/foo@1', why: 'no scheme' },
    { input: 'pkg:npm', why: 'no name' },
    { input: 'pkg:3npm/foo', why: 'type starts with a digit' },
    { input: 'pkg:maven/foo@1', why: 'maven needs a namespace' },
    { input: 'pkg:pypi/ns/foo@1', why: 'pypi has no namespace' },
    { input: 'pkg:npm/foo@%E0%A4%A', why: 'malformed percent-encoding' },
    { input: 'pkg:npm/foo?a', why: 'qualifier without =' },
    { input: 'pkg:npm/foo?a=1&A=2', why: 'duplicate qualifier key after case folding' },
  ])('rejects $input ($why)', ({ input }) => {
    const r = canonicalizePurl(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('INVALID_PURL');
  });
});

describe('parsePurl / buildPurl', () => {
  it('splits a git purl after the host', () => {
    const r = parsePurl('pkg:git/codeberg.org/forgejo/forgejo@abc');
    expect(r.ok && r.value).toMatchObject({ namespace: 'codeberg.org', name: 'forgejo/forgejo', version: 'abc' });
  });
  it('builds from SBOM fields, treating empty strings as absent', () => {
    const r = buildPurl({ type: 'npm', namespace: '', name: 'lodash', version: '4.17.21', qualifiers: { arch: '' } });
    expect(r).toEqual({ ok: true, value: { type: 'npm', name: 'lodash', version: '4.17.21' } });
  });
});
