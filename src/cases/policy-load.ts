import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { policySchema, type Policy } from './policy.schema.ts';

/** One problem in a policy file, where an editor can jump to it. */
export interface PolicyProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the key, e.g. `rules.2.when.cvss.min`. */
  path: string;
  message: string;
}

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; problems: PolicyProblem[] };

/**
 * Reads a policy from YAML text. Every problem is reported at once, each with the line and column
 * of the offending key or value (the nearest enclosing node when the key is missing), so a policy
 * is refused whole with everything that needs fixing.
 */
export function parsePolicy(text: string, file: string, section?: string): PolicyResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        return { file, line: at.line, column: at.col, path: '', message: e.message.split('\n')[0] ?? e.code };
      }),
    };
  }
  // A policy inside kanshi.yaml is the `policy` section of it, located in that file.
  const prefix = section === undefined ? [] : [section];
  const whole = (doc.toJS() ?? {}) as Record<string, unknown>;
  const parsed = policySchema.safeParse((section === undefined ? whole : whole[section]) ?? {});
  if (parsed.success) return { ok: true, policy: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => locate(issue, prefix, doc, lines, file)) };
}

function locate(issue: z.core.$ZodIssue, prefix: string[], doc: Document, lines: LineCounter, file: string): PolicyProblem {
  const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  // The deepest node that exists along the path: a missing key is reported at its parent.
  let offset = 0;
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      offset = node.range[0];
      break;
    }
  }
  const at = lines.linePos(offset);
  const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message;
  return { file, line: at.line, column: at.col, path: path.join('.'), message };
}

/** `file:line:column: path: message`, one per line, as compilers print them. */
export const formatProblems = (problems: PolicyProblem[]): string =>
  problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n');
