import { describe, expect, it } from 'vitest';
import { normalizePackageName, osvToPurl, purlToOsv } from './osv.ts';

describe('purlToOsv', () => {
  it.each([
    { purl: 'pkg:npm/%40angular/core@16.0.0', ecosystem: 'npm', name: '@angular/core' },
    { purl: 'pkg:pypi/Django_REST@3', ecosystem: 'PyPI', name: 'django-rest' },
    { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' },
    { purl: 'pkg:golang/github.com/gorilla/mux@v1.8.0', ecosystem: 'Go', name: 'github.com/gorilla/mux' },
    { purl: 'pkg:gem/rails@7.0.0', ecosystem: 'RubyGems', name: 'rails' },
    { purl: 'pkg:nuget/Newtonsoft.Json@13.0.1', ecosystem: 'NuGet', name: 'Newtonsoft.Json' },
    { purl: 'pkg:cargo/serde@1.0.0', ecosystem: 'crates.io', name: 'serde' },
    { purl: 'pkg:composer/laravel/framework@9.0.0', ecosystem: 'Packagist', name: 'laravel/framework' },
    { purl: 'pkg:github/actions/checkout@v4', ecosystem: 'GitHub Actions', name: 'actions/checkout' },
    { purl: 'pkg:swift/github.com/apple/swift-nio@2.0.0', ecosystem: 'SwiftURL', name: 'github.com/apple/swift-nio' },
    { purl: 'pkg:conan/openssl@3.0.3', ecosystem: 'ConanCenter', name: 'openssl' },
    { purl: 'pkg:deb/debian/openssl@3.0.11-1?distro=debian-12', ecosystem: 'Debian:12', name: 'openssl' },
    { purl: 'pkg:deb/debian/openssl@3.0.11-1?distro=bookworm', ecosystem: 'Debian:12', name: 'openssl' },
    { purl: 'pkg:deb/ubuntu/openssl@3.0.2?distro=ubuntu-22.04', ecosystem: 'Ubuntu:22.04', name: 'openssl' },
    { purl: 'pkg:deb/ubuntu/openssl@3.0.2?distro=jammy', ecosystem: 'Ubuntu:22.04', name: 'openssl' },
    { purl: 'pkg:apk/alpine/busybox@1.36.1-r15?distro=alpine-3.19.1', ecosystem: 'Alpine:v3.19', name: 'busybox' },
    { purl: 'pkg:rpm/redhat/openssl@3.0.7?distro=redhat-9.2', ecosystem: 'Red Hat:9.2', name: 'openssl' },
    { purl: 'pkg:rpm/rocky/openssl@3.0.7?distro=rocky-9', ecosystem: 'Rocky Linux:9', name: 'openssl' },
  ])('$purl → $ecosystem $name', ({ purl, ecosystem, name }) => {
    expect(purlToOsv(purl)).toEqual({ ok: true, value: { ecosystem, name } });
  });
  it('rejects types without an OSV ecosystem', () => {
    expect(purlToOsv('pkg:generic/openssl@3')).toMatchObject({ ok: false, code: 'INVALID_PURL' });
  });
});

describe('osvToPurl', () => {
  it.each([
    { ecosystem: 'npm', name: '@angular/core', version: '16.0.0', purl: 'pkg:npm/%40angular/core@16.0.0' },
    { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' },
    { ecosystem: 'Go', name: 'github.com/gorilla/mux', version: undefined, purl: 'pkg:golang/github.com/gorilla/mux' },
    { ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1', purl: 'pkg:deb/debian/openssl@3.0.11-1?distro=debian-12' },
    { ecosystem: 'Alpine:v3.19', name: 'busybox', version: undefined, purl: 'pkg:apk/alpine/busybox?distro=alpine-3.19' },
    { ecosystem: 'PyPI', name: 'Django_REST', version: '3', purl: 'pkg:pypi/django-rest@3' },
  ])('$ecosystem $name → $purl', ({ ecosystem, name, version, purl }) => {
    expect(osvToPurl(ecosystem, name, version)).toEqual({ ok: true, value: purl });
  });
  it('round-trips through purlToOsv', () => {
    const p = osvToPurl('Ubuntu:22.04', 'openssl', '3.0.2');
    expect(p.ok && purlToOsv(p.value)).toEqual({ ok: true, value: { ecosystem: 'Ubuntu:22.04', name: 'openssl' } });
  });
});

describe('normalizePackageName', () => {
  it.each([
    { ecosystem: 'PyPI', name: 'Foo.Bar__baz', key: 'foo-bar-baz', why: 'PEP 503' },
    { ecosystem: 'npm', name: 'JSONStream', key: 'jsonstream', why: 'npm registry is case-insensitive for old names' },
    { ecosystem: 'Maven', name: 'org.Foo:Bar', key: 'org.Foo:Bar', why: 'Maven coordinates are case-sensitive' },
    { ecosystem: 'crates.io', name: 'Serde_JSON', key: 'serde-json', why: 'crates.io folds - and _' },
  ])('$ecosystem $name → $key ($why)', ({ ecosystem, name, key }) => {
    expect(normalizePackageName(ecosystem, name)).toBe(key);
  });
});
