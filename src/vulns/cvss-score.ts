import { createRequire } from 'node:module';
import type * as Calculator from 'ae-cvss-calculator';
import { err, ok, type Result } from '../core/result.ts';
import type { SeverityRating } from './advisory.ts';

export interface CvssBase {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  score: number;
  rating: SeverityRating;
}

export function cvssRating(score: number): SeverityRating {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

// A CommonJS package whose named exports Node's ESM loader cannot see: required as CommonJS.
const { fromVector } = createRequire(import.meta.url)('ae-cvss-calculator') as typeof Calculator;

const VERSIONS: Record<string, CvssBase['version']> = { 'CVSS:2.0': '2.0', 'CVSS:3.0': '3.0', 'CVSS:3.1': '3.1', 'CVSS:4.0': '4.0' };

/**
 * The base score of a CVSS v2, v3.0, v3.1 or v4.0 vector, scored by a maintained calculator
 * (FIRST's formulas, v4.0 macro-vector tables included), or why the vector is refused: every
 * base metric must be given, once, with a defined value.
 */
export function cvssBaseScore(vector: string): Result<CvssBase> {
  const text = vector.trim();
  const metrics = text
    .split('/')
    .filter((p) => !p.startsWith('CVSS:'))
    .map((p) => p.split(':')[0]);
  if (new Set(metrics).size !== metrics.length) return err('INVALID_CVSS_VECTOR', `a metric is repeated in ${vector}`);
  let parsed: ReturnType<typeof fromVector>;
  try {
    parsed = fromVector(text);
  } catch {
    parsed = null;
  }
  if (!parsed || !parsed.isBaseFullyDefined()) return err('INVALID_CVSS_VECTOR', `not a complete CVSS vector: ${vector}`);
  const version = VERSIONS[parsed.getVectorName()];
  const score = parsed.calculateScores().base;
  if (!version || typeof score !== 'number' || !Number.isFinite(score)) return err('INVALID_CVSS_VECTOR', `cannot score ${vector}`);
  return ok({ version, score, rating: cvssRating(score) });
}
