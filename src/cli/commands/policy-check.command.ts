import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { formatProblems, parsePolicy } from '../../cases/index.ts';
import { EXIT } from '../api-client.ts';

/**
 * `kanshi policy check <file>`: validates a policy file offline, for CI. A `kanshi.yaml` is read
 * for its `policy` section. Exit 0 valid, 1 invalid (every problem printed with line and column).
 */
export async function policyCheckCommand(file: string, out: Writable, err: Writable): Promise<number> {
  const text = await readFile(file, 'utf8');
  const section = /(^|\n)policy:/.test(text) && !/(^|\n)rules:/.test(text) ? 'policy' : undefined;
  const r = parsePolicy(text, file, section);
  if (r.ok) {
    out.write(`${file}: valid policy (${r.policy.rules.length} rules, cases open at ${r.policy.openAt})\n`);
    return EXIT.ok;
  }
  err.write(`${formatProblems(r.problems)}\n`);
  return EXIT.failed;
}
