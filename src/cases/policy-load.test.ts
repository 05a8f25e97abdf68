import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_YAML } from './default-policy.ts';
import { formatProblems, parsePolicy } from './policy-load.ts';

const DAY = 86_400_000;

describe('parsePolicy', () => {
  it('reads the default policy: eight rules, the last matching everything, SLA targets in milliseconds', () => {
    const r = parsePolicy(DEFAULT_POLICY_YAML, 'default');
    if (!r.ok) throw new Error(formatProblems(r.problems));
    expect(r.policy.rules).toHaveLength(8);
    expect(r.policy.rules.at(-1)).toEqual({ name: 'everything else', priority: 'P4', when: {} });
    expect(r.policy.sla.P1).toEqual({ acknowledge: DAY, triage: 2 * DAY, plan: 5 * DAY, fix: 15 * DAY });
    expect(r.policy.defaults).toEqual({ tier: 'standard', exposure: 'internal', lifecycle: 'active' });
  });

  const sla = `sla:
  P1: { acknowledge: 1d, triage: 2d, plan: 5d, fix: 15d }
  P2: { acknowledge: 2d, triage: 5d, plan: 15d, fix: 30d }
  P3: { acknowledge: 5d, triage: 15d, plan: 45d, fix: 90d }
  P4: { acknowledge: 10d, triage: 30d, plan: 90d, fix: 180d }
`;

  it.each([
    [
      'a bad value, at its line and column',
      `rules:\n  - priority: P1\n    when: { cvss: { min: 11 } }\n  - priority: P4\n${sla}`,
      [{ line: 3, column: 26, path: 'rules.0.when.cvss.min' }],
    ],
    [
      'an unknown key, at the object holding it',
      `rules:\n  - priority: P4\n    wen: {}\n${sla}`,
      [{ line: 2, column: 5, path: 'rules.0', message: 'unknown key wen' }],
    ],
    ['a missing section, at the top', `rules:\n  - priority: P4\n`, [{ line: 1, column: 1, path: 'sla' }]],
    [
      'every problem of the structure at once',
      `rules:\n  - priority: P9\n  - priority: P4\n    when: { kev: maybe }\n${sla}openAt: P0\n`,
      [
        { line: 2, column: 15, path: 'rules.0.priority' },
        { line: 4, column: 18, path: 'rules.1.when.kev' },
        { line: 10, column: 9, path: 'openAt' },
      ],
    ],
    [
      'a last rule that does not match everything, and an owner that is not a team',
      `rules:\n  - priority: P2\n    when: { kev: true }\n${sla}ownership:\n  - { products: "web-*", team: web }\nteams:\n  - { id: ops, name: Ops }\n`,
      [
        { line: 10, column: 32, path: 'ownership.0.team', message: "team web is not among the policy's teams" },
        { line: 3, column: 11, path: 'rules.0.when' },
      ],
    ],
  ])('refuses %s', (_name, text, expected) => {
    const r = parsePolicy(text, 'policy.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(r.problems[i]).toMatchObject({ file: 'policy.yaml', ...e }));
  });

  it.each([
    { given: 'cpe:2.3:o:linux:linux_kernel:6.1.55:*:*:*:*:*:*:*', kept: 'cpe:2.3:o:linux:linux_kernel:6.1.55:*:*:*:*:*:*:*' },
    { given: 'cpe:2.3:a:oracle:jdk:*:*:*:*:*:*:*:*', kept: 'cpe:2.3:a:oracle:jdk:*:*:*:*:*:*:*:*' },
    { given: 'cpe:/a:oracle:jdk:1.8.0', kept: 'cpe:2.3:a:oracle:jdk:1.8.0:*:*:*:*:*:*:*' },
  ])('keeps a product’s running-on platform $given as $kept', ({ given, kept }) => {
    const r = parsePolicy(`${DEFAULT_POLICY_YAML}products:\n  - { products: appliance, platforms: ["${given}"] }\n`, 'policy.yaml');
    if (!r.ok) throw new Error(formatProblems(r.problems));
    expect(r.policy.products[0]?.platforms).toEqual([kept]);
  });

  it.each([
    { given: 'linux', message: /^not a CPE/ },
    { given: 'cpe:2.3:o:*:linux_kernel:6.1:*:*:*:*:*:*:*', message: /names its vendor and product/ },
    { given: 'cpe:2.3:o:linux:linux_*:6.1:*:*:*:*:*:*:*', message: /names its vendor and product/ },
    { given: 'cpe:2.3:h:acme:-:*:*:*:*:*:*:*:*', message: /names its vendor and product/ },
  ])('refuses the platform $given at its line', ({ given, message }) => {
    const r = parsePolicy(`${DEFAULT_POLICY_YAML}products:\n  - products: appliance\n    platforms:\n      - "${given}"\n`, 'policy.yaml');
    expect(r.ok ? [] : r.problems).toEqual([
      {
        file: 'policy.yaml',
        line: DEFAULT_POLICY_YAML.split('\n').length + 3,
        column: 9,
        path: 'products.0.platforms.0',
        message: expect.stringMatching(message),
      },
    ]);
  });

  it('refuses YAML that does not parse, at the place the parser stopped', () => {
    const r = parsePolicy(`rules: [\n  - x`, 'policy.yaml');
    expect(r.ok ? [] : r.problems.map((p) => p.line)).toContain(2);
  });

  it('prints problems as file:line:column: path: message', () => {
    const r = parsePolicy(`rules:\n  - priority: P9\n${sla}`, 'kanshi.yaml');
    expect(r.ok ? '' : formatProblems(r.problems)).toMatch(/^kanshi\.yaml:2:15: rules\.0\.priority: /);
  });
});

describe('a policy inside kanshi.yaml', () => {
  it('is read from the `policy` section, with problems located in kanshi.yaml', () => {
    const text = `server:\n  logLevel: info\npolicy:\n  rules:\n    - priority: P7\n`;
    const r = parsePolicy(text, 'kanshi.yaml', 'policy');
    expect(r.ok ? [] : r.problems.map((p) => `${p.line}:${p.column} ${p.path}`)).toEqual(['5:17 policy.rules.0.priority', '4:3 policy.sla']);
  });
});
