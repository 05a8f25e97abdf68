/**
 * Every OSV ecosystem (the schema's list) and every purl type (the purl-spec index) is either
 * mapped to the other, or listed here with the reason it has no counterpart. A new ecosystem or
 * type in the lists fails the test until it is decided.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { osvToPurl, purlToOsv } from '../../src/ids/purl/index.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

/** OSV ecosystems no purl type names. */
const NO_PURL: Record<string, string> = {
  Android: 'git projects of the Android source tree, no package type',
  Bioconductor: 'R packages outside CRAN; purl has no bioconductor type and pkg:cran means CRAN',
  CleanStart: 'vendor image packages without a purl namespace of their own',
  'Docker Hardened Images': 'vendor image packages without a purl namespace of their own',
  Echo: 'vendor image packages without a purl namespace of their own',
  FreeBSD: 'no purl type for FreeBSD ports or base',
  GHC: 'components of the Haskell compiler, not packages',
  Kubernetes: 'Go module paths of Kubernetes components: SBOMs name them as pkg:golang, matched under Go',
  Linux: 'the kernel itself, no package',
  'OSS-Fuzz': 'project names assigned by OSS-Fuzz',
  Root: 'vendor-prefixed rebuilds of other ecosystems, without a purl type',
  TuxCare: 'vendor rebuilds without a purl namespace of their own',
  'Azure Linux': 'no agreed rpm purl namespace or release form for Azure Linux yet',
  'BellSoft Hardened Containers': 'no agreed apk purl namespace for it',
  Alpaquita: 'no agreed apk purl namespace or release form for Alpaquita',
  openEuler: 'its release suffix (22.03-LTS-SP1) has no agreed distro qualifier form',
};

/** purl types OSV publishes no ecosystem for. */
const NO_ECOSYSTEM: Record<string, string> = {
  alpm: 'Arch Linux: not in OSV',
  bazel: 'not in OSV',
  bitbucket: 'repositories, not packages',
  brew: 'Homebrew: not in OSV',
  'chrome-extension': 'not in OSV',
  conda: 'not in OSV',
  cpan: 'not in OSV',
  docker: 'images, not packages',
  generic: 'no ecosystem by definition',
  git: 'repositories: OSV GIT ranges are matched by commit, not by purl',
  huggingface: 'models, not in OSV',
  luarocks: 'not in OSV',
  mlflow: 'models, not in OSV',
  oci: 'images, not packages',
  otp: 'Erlang/OTP applications: not in OSV (Hex covers packages)',
  qpkg: 'not in OSV',
  swid: 'tags, not packages',
  vcpkg: 'not in OSV',
  yocto: 'not in OSV',
};

/** A name of the shape each ecosystem's names have (`group:artifact`, `owner/repo`, a Git URL). */
const SAMPLE_NAME: Record<string, string> = {
  Maven: 'org.example:example',
  Packagist: 'vendor/example',
  'GitHub Actions': 'owner/example',
  SwiftURL: 'https://github.com/owner/example.git',
  VSCode: 'publisher.example',
  Go: 'example.com/module',
};

/** Mapped from purl to OSV only. */
const PURL_TO_OSV_ONLY: Record<string, string> = {
  Julia: 'a julia purl needs the package uuid qualifier, which OSV records do not carry',
};

describeWithFixtures('OSV ecosystems and purl types', (fixtures) => {
  const ecosystems = Object.keys(JSON.parse(readFileSync(path.join(fixtures, 'feeds/osv/schema/ecosystems.json'), 'utf8')) as object);
  const types = JSON.parse(readFileSync(path.join(fixtures, 'identifiers/purl/purl-types-index.json'), 'utf8')) as string[];
  // The type definitions' examples, and the purls OSV's own records carry.
  const osvDir = path.join(fixtures, 'feeds/osv/osv-dev-export');
  const osvPurls = readdirSync(osvDir).flatMap((eco) =>
    readdirSync(path.join(osvDir, eco)).flatMap((f) => {
      const rec = JSON.parse(readFileSync(path.join(osvDir, eco, f), 'utf8')) as { affected?: { package?: { purl?: string } }[] };
      return (rec.affected ?? []).flatMap((a) => (a.package?.purl ? [a.package.purl] : []));
    }),
  );
  const examples = (type: string): string[] => [
    ...((JSON.parse(readFileSync(path.join(fixtures, `identifiers/purl/types/${type}-definition.json`), 'utf8')) as { examples?: string[] }).examples ?? []),
    ...osvPurls.filter((p) => p.startsWith(`pkg:${type}/`)),
  ];

  it.each(ecosystems)('OSV ecosystem %s', (ecosystem) => {
    const purl = osvToPurl(ecosystem, SAMPLE_NAME[ecosystem] ?? 'example', '1.0.0');
    if (ecosystem in NO_PURL || ecosystem in PURL_TO_OSV_ONLY) {
      expect(purl.ok, NO_PURL[ecosystem] ?? PURL_TO_OSV_ONLY[ecosystem]).toBe(false);
      return;
    }
    expect(purl.ok, purl.ok ? '' : purl.message).toBe(true);
    if (purl.ok) expect(purlToOsv(purl.value)).toMatchObject({ ok: true, value: { ecosystem } });
  });

  it.each(types)('purl type %s', (type) => {
    const mapped = examples(type).filter((p) => purlToOsv(p).ok);
    if (type in NO_ECOSYSTEM) expect(mapped, NO_ECOSYSTEM[type]).toEqual([]);
    else expect(mapped.length, `no example of ${type} maps to an OSV ecosystem`).toBeGreaterThan(0);
  });

  it('every listed exception is still in the lists', () => {
    expect(Object.keys({ ...NO_PURL, ...PURL_TO_OSV_ONLY }).filter((e) => !ecosystems.includes(e))).toEqual([]);
    expect(Object.keys(NO_ECOSYSTEM).filter((t) => !types.includes(t))).toEqual([]);
  });
});
