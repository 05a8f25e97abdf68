import { err, ok, type Result } from '../../src/core/result.ts';
import type { SeverityRating } from '../../src/vulns/index.ts';

/** Base-metric weights from the CVSS v3.1 specification, section 7.4 (same values in v3.0). */
const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR: { N: 0.85, L: 0.62, H: 0.27 },
  UI: { N: 0.85, R: 0.62 },
  S: { U: 0, C: 1 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
} as const satisfies Record<string, Record<string, number>>;

type BaseMetric = keyof typeof WEIGHTS;
const BASE = Object.keys(WEIGHTS) as BaseMetric[];
/** Temporal and environmental metrics may follow the base ones; they do not change the base score. */
const NON_BASE = new Set(['E', 'RL', 'RC', 'CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA']);
/** A changed scope raises the weight of required privileges. */
const PR_SCOPE_CHANGED = { N: 0.85, L: 0.68, H: 0.5 } as const;

export interface Cvss3Base {
  version: '3.0' | '3.1';
  score: number;
  rating: SeverityRating;
}

/** v3.1 Roundup: rounds on integers so that 4.000000001 does not become 4.1. */
function roundUp31(x: number): number {
  const i = Math.round(x * 100_000);
  return i % 10_000 === 0 ? i / 100_000 : (Math.floor(i / 10_000) + 1) / 10;
}

const roundUp30 = (x: number): number => Math.ceil(x * 10) / 10;

function cvssRating(score: number): SeverityRating {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/** The base score of a `CVSS:3.0/…` or `CVSS:3.1/…` vector, or why the vector is invalid. */
export function cvss3BaseScore(vector: string): Result<Cvss3Base> {
  const [prefix, ...parts] = vector.trim().split('/');
  const version = prefix === 'CVSS:3.1' ? '3.1' : prefix === 'CVSS:3.0' ? '3.0' : undefined;
  if (!version) return err('INVALID_CVSS_VECTOR', `not a CVSS v3 vector: ${vector}`);
  const values = new Map<string, string>();
  for (const part of parts) {
    const [key, value, extra] = part.split(':');
    if (key === undefined || value === undefined || extra !== undefined || values.has(key)) {
      return err('INVALID_CVSS_VECTOR', `bad or repeated metric "${part}" in ${vector}`);
    }
    if (!(key in WEIGHTS) && !NON_BASE.has(key)) return err('INVALID_CVSS_VECTOR', `unknown metric ${key} in ${vector}`);
    values.set(key, value);
  }
  const w = {} as Record<BaseMetric, number>;
  for (const m of BASE) {
    const table: Record<string, number> = m === 'PR' && values.get('S') === 'C' ? PR_SCOPE_CHANGED : WEIGHTS[m];
    const weight = table[values.get(m) ?? ''];
    if (weight === undefined) return err('INVALID_CVSS_VECTOR', `missing or bad ${m} in ${vector}`);
    w[m] = weight;
  }
  const changed = w.S === 1;
  const iss = 1 - (1 - w.C) * (1 - w.I) * (1 - w.A);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * w.AV * w.AC * w.PR * w.UI;
  const roundUp = version === '3.1' ? roundUp31 : roundUp30;
  const score = impact <= 0 ? 0 : roundUp(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
  return ok({ version, score, rating: cvssRating(score) });
}
