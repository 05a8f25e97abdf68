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
    // Go module paths without a `/`: Go's vulnerability database names the standard library and the go command so.
    { purl: 'pkg:golang/stdlib@1.21.3', ecosystem: 'Go', name: 'stdlib' },
    { purl: 'pkg:golang/toolchain@v1.21.3', ecosystem: 'Go', name: 'toolchain' },
    { purl: 'pkg:golang/tailscale.com@v1.66.4', ecosystem: 'Go', name: 'tailscale.com' },
    { purl: 'pkg:golang/gitea.dev@1.0.0', ecosystem: 'Go', name: 'gitea.dev' },
    { purl: 'pkg:bitnami/wordpress@6.2.0?arch=arm64&distro=debian-12', ecosystem: 'Bitnami', name: 'wordpress' },
    { purl: 'pkg:swift/github.com/apple/swift-nio-http2@1.19.0', ecosystem: 'SwiftURL', name: 'github.com/apple/swift-nio-http2' },
    { purl: 'pkg:julia/Dates@1.9.0?uuid=ade2ca70-3891-5945-98fb-dc099432e06a', ecosystem: 'Julia', name: 'Dates' },
    { purl: 'pkg:opam/ocaml-base-compiler@5.2.0', ecosystem: 'opam', name: 'ocaml-base-compiler' },
    { purl: 'pkg:vscode-extension/ms-python/python@2023.25.10292213', ecosystem: 'VSCode', name: 'ms-python.python' },
    // Rocky and Alma: Syft writes the os-release ID, Trivy its family name, OSV `rocky-linux` with an architecture or SIG suffix.
    { purl: 'pkg:rpm/rocky/bash@5.1.8-6.el9_1?distro=rocky-9.3', ecosystem: 'Rocky Linux:9', name: 'bash' },
    { purl: 'pkg:rpm/rocky-linux/bcel?distro=rocky-linux-9-aarch64&epoch=0', ecosystem: 'Rocky Linux:9', name: 'bcel' },
    { purl: 'pkg:rpm/rocky-linux/kernel?distro=rocky-linux-8-sig-cloud', ecosystem: 'Rocky Linux:8', name: 'kernel' },
    { purl: 'pkg:rpm/almalinux/squid@5.5-6.el9?distro=almalinux-9.3', ecosystem: 'AlmaLinux:9', name: 'squid' },
    { purl: 'pkg:rpm/alma/squid@5.5-6.el9?distro=alma-9.3', ecosystem: 'AlmaLinux:9', name: 'squid' },
    { purl: 'pkg:rpm/rhel/bash@4.2.46-33.el7?distro=rhel-7.7', ecosystem: 'Red Hat:7.7', name: 'bash' },
    { purl: 'pkg:rpm/mageia/curl@8.4.0-1.mga9?distro=mageia-9', ecosystem: 'Mageia:9', name: 'curl' },
    { purl: 'pkg:rpm/photon/curl@8.1.2-1.ph3?distro=photon-3.0', ecosystem: 'Photon OS:3.0', name: 'curl' },
    { purl: 'pkg:apk/wolfi/glibc@2.38-r1', ecosystem: 'Wolfi', name: 'glibc' },
    { purl: 'pkg:apk/chainguard/nri-memcached@2.5.6-r0', ecosystem: 'Chainguard', name: 'nri-memcached' },
    { purl: 'pkg:apk/alpine/bash@5.2.26-r0?arch=x86_64&distro=3.20.3', ecosystem: 'Alpine:v3.20', name: 'bash' },
    // Debian numbered releases N.0 up to squeeze (distro-info-data); OSV writes `Debian:6.0`.
    { purl: 'pkg:deb/debian/libgnutls26@2.8.6-1?distro=debian-6.0.10', ecosystem: 'Debian:6.0', name: 'libgnutls26' },
    { purl: 'pkg:deb/debian/kismet@2005.08.R1-0.1?distro=etch', ecosystem: 'Debian:4.0', name: 'kismet' },
    { purl: 'pkg:deb/debian/x@1?distro=debian-3.1', ecosystem: 'Debian:3.1', name: 'x' },
  ])('$purl → $ecosystem $name', ({ purl, ecosystem, name }) => {
    expect(purlToOsv(purl)).toEqual({ ok: true, value: { ecosystem, name } });
  });
  it.each(['pkg:generic/openssl@3', 'pkg:conda/absl-py@0.4.1', 'pkg:rpm/fedora/bash@5?distro=fedora-39', 'pkg:deb/debian/bash@5?distro=debian-unknown'])(
    'rejects %s: no OSV ecosystem, or a release it cannot name',
    (purl) => {
      expect(purlToOsv(purl)).toMatchObject({ ok: false, code: 'INVALID_PURL' });
    },
  );
});

describe('osvToPurl', () => {
  it.each([
    { ecosystem: 'npm', name: '@angular/core', version: '16.0.0', purl: 'pkg:npm/%40angular/core@16.0.0' },
    { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' },
    { ecosystem: 'Go', name: 'github.com/gorilla/mux', version: undefined, purl: 'pkg:golang/github.com/gorilla/mux' },
    { ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1', purl: 'pkg:deb/debian/openssl@3.0.11-1?distro=debian-12' },
    { ecosystem: 'Alpine:v3.19', name: 'busybox', version: undefined, purl: 'pkg:apk/alpine/busybox?distro=alpine-3.19' },
    { ecosystem: 'PyPI', name: 'Django_REST', version: '3', purl: 'pkg:pypi/django-rest@3' },
    { ecosystem: 'Go', name: 'stdlib', version: '1.21.3', purl: 'pkg:golang/stdlib@1.21.3' },
    { ecosystem: 'Bitnami', name: 'zookeeper', version: '3.9.1', purl: 'pkg:bitnami/zookeeper@3.9.1' },
    {
      ecosystem: 'SwiftURL',
      name: 'https://github.com/apple/swift-nio-http2.git',
      version: '1.19.0',
      purl: 'pkg:swift/github.com/apple/swift-nio-http2@1.19.0',
    },
    { ecosystem: 'VSCode', name: 'ms-python.python', version: undefined, purl: 'pkg:vscode-extension/ms-python/python' },
    { ecosystem: 'Rocky Linux:9', name: 'bcel', version: undefined, purl: 'pkg:rpm/rocky/bcel?distro=rocky-9' },
    { ecosystem: 'Wolfi', name: 'glibc', version: '2.38-r1', purl: 'pkg:apk/wolfi/glibc@2.38-r1' },
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
    {
      ecosystem: 'SwiftURL',
      name: 'https://github.com/Apple/swift-nio-http2.git',
      key: 'github.com/apple/swift-nio-http2',
      why: 'a Git URL: scheme and .git dropped, GitHub paths ignore case',
    },
    { ecosystem: 'SwiftURL', name: 'github.com/grpc/grpc-swift', key: 'github.com/grpc/grpc-swift', why: 'GHSA writes host and path only' },
    { ecosystem: 'Bitnami', name: 'WordPress', key: 'wordpress', why: 'Bitnami names are lower-case' },
  ])('$ecosystem $name → $key ($why)', ({ ecosystem, name, key }) => {
    expect(normalizePackageName(ecosystem, name)).toBe(key);
  });
});
