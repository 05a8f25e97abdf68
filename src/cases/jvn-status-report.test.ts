import { describe, expect, it } from 'vitest';
import { jvnStatusReport, renderJvnStatusText, type JvnStatusInput } from './jvn-status-report.ts';
import type { CaseState } from './workflow.ts';

const base: JvnStatusInput = {
  vendor: '株式会社サンプル',
  coordination: { coordinator: 'jpcert', caseId: 'JVNVU#12345678', notifiedAt: '2026-12-01T00:00:00.000Z', disclosureAt: '2027-01-15T00:00:00.000Z' },
  vulnerabilityId: 'CVE-2099-0001',
  aliases: ['CVE-2099-0001', 'GHSA-aaaa-bbbb-cccc'],
  product: 'shop',
  state: 'new',
  closedAs: null,
  fixVersion: null,
  justification: null,
  until: null,
  affectedVersions: ['1.0', '1.1'],
  // 23:30 UTC is the next day in Japan.
  updatedAt: new Date('2026-12-01T23:30:00Z'),
};

describe('jvnStatusReport', () => {
  it.each<[string, Partial<JvnStatusInput>, string, string]>([
    ['new', {}, '該当製品あり：調査中', '対象バージョン: 1.0, 1.1。影響を調査中です。'],
    ['triage', { state: 'triage' }, '該当製品あり：調査中', '対象バージョン: 1.0, 1.1。影響を調査中です。'],
    ['affected', { state: 'affected' }, '該当製品あり', '対象バージョン: 1.0, 1.1。対策を検討中です。'],
    [
      'fix planned',
      { state: 'fix_planned', fixVersion: '2.0', until: new Date('2026-12-20T00:00:00Z') },
      '該当製品あり',
      '対象バージョン: 1.0, 1.1。修正版 2.0 を 2026-12-20 に公開予定です。',
    ],
    ['fixed', { state: 'fixed', fixVersion: '2.0' }, '該当製品あり', '対象バージョン: 1.0, 1.1。修正版 2.0 で対策済みです。'],
    ['risk accepted', { state: 'risk_accepted' }, '該当製品あり', '対象バージョン: 1.0, 1.1。修正版の提供予定は現在ありません。'],
    [
      'not affected, with a justification',
      { state: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' },
      '該当製品なし',
      '該当製品はありません（脆弱なコードは実行されません）。',
    ],
    ['closed as not affected', { state: 'closed', closedAs: 'not_affected', affectedVersions: [] }, '該当製品なし', '該当製品はありません。'],
    ['closed as fixed', { state: 'closed', closedAs: 'affected', fixVersion: '2.0', affectedVersions: [] }, '該当製品あり', '修正版 2.0 で対策済みです。'],
  ])('%s', (_name, patch, status, comment) => {
    const r = jvnStatusReport({ ...base, ...patch, state: (patch.state ?? base.state) as CaseState });
    expect(r).toMatchObject({ status, comment, date: '2026-12-02', vendor: '株式会社サンプル', coordinatorCaseId: 'JVNVU#12345678' });
  });
});

describe('renderJvnStatusText', () => {
  it('is the plain Japanese reply, one field a line', () => {
    expect(renderJvnStatusText(jvnStatusReport({ ...base, state: 'fixed', fixVersion: '2.0' }))).toBe(
      [
        'JVN 製品開発者ステータス回答',
        '調整番号: JVNVU#12345678',
        '脆弱性: CVE-2099-0001 (GHSA-aaaa-bbbb-cccc)',
        '製品開発者: 株式会社サンプル',
        '製品: shop',
        'ステータス: 該当製品あり',
        '備考: 対象バージョン: 1.0, 1.1。修正版 2.0 で対策済みです。',
        '更新日: 2026-12-02',
        '',
      ].join('\n'),
    );
  });

  it('says when no developer name is configured and leaves out a coordination it does not have', () => {
    const text = renderJvnStatusText(jvnStatusReport({ ...base, vendor: null, coordination: null, aliases: [] }));
    expect(text).toContain('製品開発者: (未設定)\n');
    expect(text).not.toContain('調整番号');
    expect(text).toContain('脆弱性: CVE-2099-0001\n');
  });
});
