import { describe, expect, it } from 'vitest';
import { parsePurl } from './purl.ts';
import { sourcePackageOf } from './source-package.ts';

const of = (purl: string) => {
  const p = parsePurl(purl);
  if (!p.ok) throw new Error(p.message);
  return sourcePackageOf(p.value);
};

describe('sourcePackageOf', () => {
  it.each([
    { purl: 'pkg:deb/debian/libc6@2.36-9?arch=amd64&upstream=glibc&distro=debian-12', source: { name: 'glibc' }, why: 'Syft: Source field' },
    {
      purl: 'pkg:deb/debian/bsdutils@1:2.36.1-8+deb11u1?arch=amd64&upstream=util-linux%402.36.1-8+deb11u1&distro=debian-11',
      source: { name: 'util-linux', version: '2.36.1-8+deb11u1' },
      why: 'Syft: Source with its own version',
    },
    {
      purl: 'pkg:rpm/rhel/audit-libs@2.8.5-4.el7?arch=x86_64&upstream=audit-2.8.5-4.el7.src.rpm&distro=rhel-7.7',
      source: { name: 'audit', version: '2.8.5-4.el7' },
      why: 'Syft: source RPM file name',
    },
    {
      purl: 'pkg:rpm/rhel/cyrus-sasl-lib@2.1.26-23.el7?upstream=cyrus-sasl-2.1.26-23.el7.src.rpm',
      source: { name: 'cyrus-sasl', version: '2.1.26-23.el7' },
      why: 'dashes in the name',
    },
    { purl: 'pkg:apk/alpine/libcrypto3@3.1.4-r1?arch=x86_64&upstream=openssl&distro=alpine-3.19.0', source: { name: 'openssl' }, why: 'Syft: apk origin' },
    { purl: 'pkg:rpm/rhel/bash@4.2.46-33.el7?upstream=bash-4.2.46-33.el7.src.rpm', source: undefined, why: 'the source is the package itself' },
    { purl: 'pkg:deb/debian/adduser@3.118?arch=all&distro=debian-11', source: undefined, why: 'no qualifier' },
    { purl: 'pkg:npm/x@1?upstream=y', source: undefined, why: 'only OS packages have source packages' },
  ])('$purl ($why)', ({ purl, source }) => {
    expect(of(purl)).toEqual(source);
  });
});
