/**
 * The vendor status report a product developer sends back to JPCERT/CC for a JVN publication
 * (guideline 6-2, 6-4): developer name, status, comment (備考) and date, as JVN's vendor table
 * lists them. Derived from the case only; it says what the case says and nothing more.
 */
import type { Coordination } from './disclosure.ts';
import { jvnStatus, type CaseState, type Justification, type JvnStatus } from './workflow.ts';

export interface JvnStatusInput {
  /** The product developer's name (kanshi.yaml `vendor.name`); null when not configured. */
  vendor: string | null;
  coordination: Coordination | null;
  vulnerabilityId: string;
  aliases: string[];
  product: string;
  state: CaseState;
  closedAs: 'affected' | 'not_affected' | null;
  fixVersion: string | null;
  justification: string | null;
  /** Target date of a planned fix. */
  until: Date | null;
  /** Product versions with an open finding of the vulnerability. */
  affectedVersions: string[];
  updatedAt: Date;
}

export interface JvnStatusReport {
  vendor: string | null;
  coordinator: string | null;
  coordinatorCaseId: string | null;
  vulnerability: { id: string; aliases: string[] };
  product: string;
  status: JvnStatus;
  comment: string;
  /** The day of the case's last change, in Japan time (YYYY-MM-DD). */
  date: string;
}

const JUSTIFICATION_JA: Record<Justification, string> = {
  component_not_present: '脆弱なコンポーネントを含みません',
  vulnerable_code_not_present: '脆弱なコードを含みません',
  vulnerable_code_not_in_execute_path: '脆弱なコードは実行されません',
  vulnerable_code_cannot_be_controlled_by_adversary: '脆弱なコードを攻撃者が制御できません',
  inline_mitigations_already_exist: '緩和策が組み込まれています',
};

/** A date as the day it is in Japan. */
export const japanDay = (d: Date): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(d);

/** The 備考 of the report: affected versions, and the fix or the reason for not being affected, as far as the case knows them. */
export function jvnComment(i: JvnStatusInput): string {
  const versions = i.affectedVersions.length > 0 ? `対象バージョン: ${i.affectedVersions.join(', ')}。` : '';
  const fixed = i.fixVersion ? `${versions}修正版 ${i.fixVersion} で対策済みです。` : `${versions}対策済みです。`;
  const notAffected = i.justification
    ? `該当製品はありません（${JUSTIFICATION_JA[i.justification as Justification] ?? i.justification}）。`
    : '該当製品はありません。';
  switch (i.state) {
    case 'new':
    case 'triage':
      return `${versions}影響を調査中です。`;
    case 'affected':
      return `${versions}対策を検討中です。`;
    case 'fix_planned':
      return `${versions}修正版 ${i.fixVersion ?? ''} を${i.until ? ` ${japanDay(i.until)} に` : ''}公開予定です。`;
    case 'fixed':
      return fixed;
    case 'risk_accepted':
      return `${versions}修正版の提供予定は現在ありません。`;
    case 'not_affected':
      return notAffected;
    case 'closed':
      return i.closedAs === 'affected' ? fixed : notAffected;
  }
}

export function jvnStatusReport(i: JvnStatusInput): JvnStatusReport {
  return {
    vendor: i.vendor,
    coordinator: i.coordination?.coordinator ?? null,
    coordinatorCaseId: i.coordination?.caseId ?? null,
    vulnerability: { id: i.vulnerabilityId, aliases: i.aliases },
    product: i.product,
    status: jvnStatus(i.state, i.closedAs),
    comment: jvnComment(i),
    date: japanDay(i.updatedAt),
  };
}

/** The report as the plain Japanese text a vendor sends back to JPCERT/CC. */
export function renderJvnStatusText(r: JvnStatusReport): string {
  const others = r.vulnerability.aliases.filter((a) => a !== r.vulnerability.id);
  const lines = [
    'JVN 製品開発者ステータス回答',
    ...(r.coordinatorCaseId ? [`調整番号: ${r.coordinatorCaseId}`] : []),
    `脆弱性: ${r.vulnerability.id}${others.length > 0 ? ` (${others.join(', ')})` : ''}`,
    `製品開発者: ${r.vendor ?? '(未設定)'}`,
    `製品: ${r.product}`,
    `ステータス: ${r.status}`,
    `備考: ${r.comment}`,
    `更新日: ${r.date}`,
  ];
  return `${lines.join('\n')}\n`;
}
