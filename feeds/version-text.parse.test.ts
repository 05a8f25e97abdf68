import { describe, expect, it } from 'vitest';
import { parseVersionText, type VersionBound } from './version-text.parse.ts';

type Row = { text: string; bounds: VersionBound[] | null; from?: string };

const ge = (v: string): VersionBound => ({ versionStartIncluding: v });
const gt = (v: string): VersionBound => ({ versionStartExcluding: v });
const lt = (v: string): VersionBound => ({ versionEndExcluding: v });
const le = (v: string): VersionBound => ({ versionEndIncluding: v });
const eq = (v: string): VersionBound => ({ versionStartIncluding: v, versionEndIncluding: v });
const range = (a: VersionBound, b: VersionBound): VersionBound => ({ ...a, ...b });

const rows: Row[] = [
  // Japanese comparison words
  { text: '5.16.3 未満', bounds: [lt('5.16.3')], from: 'JVNDB-2022-017704' },
  { text: '1.5.62 未満', bounds: [lt('1.5.62')], from: 'JVNDB-2023-004315' },
  { text: '7.3.7 より前のバージョン', bounds: [lt('7.3.7')], from: 'JVNDB-2022-000002' },
  { text: '3.0 以下', bounds: [le('3.0')] },
  { text: '3.0以前', bounds: [le('3.0')] },
  { text: '3.0 以前のバージョン', bounds: [le('3.0')] },
  { text: '3.0 以前の全てのバージョン', bounds: [le('3.0')] },
  { text: '2.1 以上', bounds: [ge('2.1')] },
  { text: '2.1 以降', bounds: [ge('2.1')] },
  { text: '2.1 より後', bounds: [gt('2.1')] },
  { text: '1.05 およびそれ以前', bounds: [le('1.05')] },
  { text: 'ファームウェアバージョン 1.05およびそれ以前', bounds: [le('1.05')], from: 'JVNDB-2025-000001' },
  { text: 'バージョン 4.2 及びそれ以前', bounds: [le('4.2')] },
  { text: '2.0 以上 2.5 未満', bounds: [range(ge('2.0'), lt('2.5'))] },
  { text: '2.0以上2.5以下', bounds: [range(ge('2.0'), le('2.5'))] },
  // から … まで and friends
  { text: '2.13.0 から 2.15.0 より前のバージョン', bounds: [range(ge('2.13.0'), lt('2.15.0'))], from: 'JVNDB-2021-005429' },
  { text: '1.0 から 1.9 まで', bounds: [range(ge('1.0'), le('1.9'))] },
  { text: '1.0から1.9未満', bounds: [range(ge('1.0'), lt('1.9'))] },
  // wave dash, full-width tilde, spaced hyphen
  { text: '1.0 〜 1.9', bounds: [range(ge('1.0'), le('1.9'))] },
  { text: '1.0～1.9', bounds: [range(ge('1.0'), le('1.9'))] },
  { text: '1.0 - 1.9', bounds: [range(ge('1.0'), le('1.9'))] },
  { text: '1.0 ~ 1.9', bounds: [range(ge('1.0'), le('1.9'))] },
  { text: '8.0〜', bounds: [ge('8.0')] },
  { text: '〜 8.0', bounds: [le('8.0')] },
  // all versions
  { text: 'すべてのバージョン', bounds: [{}] },
  { text: '全バージョン', bounds: [{}] },
  { text: '全てのバージョン', bounds: [{}] },
  { text: 'All versions', bounds: [{}] },
  // lists
  { text: '1.0、1.1', bounds: [eq('1.0'), eq('1.1')] },
  { text: '1.0, 1.1, 2.0 未満', bounds: [eq('1.0'), eq('1.1'), lt('2.0')] },
  { text: '3.1.4 未満\n4.0.0 以上 4.0.2 未満', bounds: [lt('3.1.4'), range(ge('4.0.0'), lt('4.0.2'))] },
  { text: '1.2；1.3', bounds: [eq('1.2'), eq('1.3')] },
  // full-width digits and punctuation
  { text: '１．２．３ 未満', bounds: [lt('1.2.3')] },
  { text: 'バージョン３．０以前', bounds: [le('3.0')] },
  { text: '１．０，１．１', bounds: [eq('1.0'), eq('1.1')] },
  // English
  { text: '2.4 and earlier', bounds: [le('2.4')] },
  { text: 'versions 2.4 and earlier', bounds: [le('2.4')] },
  { text: '2.4 or earlier', bounds: [le('2.4')] },
  { text: '2.4 and prior', bounds: [le('2.4')] },
  { text: 'prior to 2.4', bounds: [lt('2.4')] },
  { text: 'versions prior to 2.4', bounds: [lt('2.4')] },
  { text: 'before 2.4.1', bounds: [lt('2.4.1')] },
  { text: 'earlier than 2.4.1', bounds: [lt('2.4.1')] },
  { text: '2.0 through 2.4', bounds: [range(ge('2.0'), le('2.4'))] },
  { text: 'from 2.0 through 2.4', bounds: [range(ge('2.0'), le('2.4'))] },
  { text: '2.0 before 2.4', bounds: [range(ge('2.0'), lt('2.4'))] },
  { text: 'through 2.4', bounds: [le('2.4')] },
  { text: '2.4 and later', bounds: [ge('2.4')] },
  { text: 'Version 5.1', bounds: [eq('5.1')] },
  // comparison operators
  { text: '< 2.0', bounds: [lt('2.0')] },
  { text: '<=2.0', bounds: [le('2.0')] },
  { text: '>= 2.0', bounds: [ge('2.0')] },
  { text: '> 2.0', bounds: [gt('2.0')] },
  // single versions and odd but well-formed version strings
  { text: '1.5.62', bounds: [eq('1.5.62')] },
  { text: 'v2.3.1', bounds: [eq('v2.3.1')] },
  { text: '2.0-beta9 から 2.12.1 より前', bounds: [range(ge('2.0-beta9'), lt('2.12.1'))] },
  // per-CVE notes after a line
  { text: 'Ver.1.3.0より前のバージョン（CVE-2025-0355）', bounds: [lt('1.3.0')], from: 'JVNDB-2025-000002' },
  { text: 'Ver.1.4.2より前のバージョン（CVE-2025-0354、CVE-2025-0355）', bounds: [lt('1.4.2')], from: 'JVNDB-2025-000002' },
  { text: '7.7\n8.0\n8.1', bounds: [eq('7.7'), eq('8.0'), eq('8.1')], from: 'JVNDB-2018-009328' },
  // not understood: never guessed
  { text: '', bounds: null },
  { text: '   ', bounds: null },
  { text: 'core 2.0-beta9 から 2.12.1 より前のバージョン', bounds: null, from: 'JVNDB-2021-005429' },
  { text: 'v6 R4 およびそれ以前のバージョン', bounds: null, from: 'JVNDB-2022-000097' },
  { text: '2.x', bounds: null },
  { text: '複数のバージョン', bounds: null },
  { text: 'Windows 版', bounds: null },
  { text: '1.0 から 2.0', bounds: null },
  { text: '1.0、不明', bounds: null },
  { text: 'see vendor advisory', bounds: null },
  { text: '3.0 未満 (Windows)', bounds: null },
  { text: 'for Windows 5.8 (Build 1575) 未満', bounds: null, from: 'JVNDB-2021-002774' },
  { text: '1.0 (CVE-2025-0001 ほか)', bounds: null },
];

describe('parseVersionText', () => {
  it.each(rows)('$text', ({ text, bounds }) => {
    const r = parseVersionText(text);
    if (bounds === null) {
      expect(r).toEqual({ parsed: false, bounds: [] });
    } else {
      expect(r).toEqual({ parsed: true, bounds });
    }
  });
});
