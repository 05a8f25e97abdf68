import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { desc, sql } from 'drizzle-orm';
import { stringify } from 'yaml';
import type { KanshiConfig } from '../config/index.ts';
import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import { policyVersions, queryRows, type Db } from '../db/index.ts';
import { DEFAULT_POLICY_YAML } from './default-policy.ts';
import { formatProblems, parsePolicy, type PolicyProblem, type PolicyResult } from './policy-load.ts';
import type { Policy } from './policy.schema.ts';

/** Where the configured policy comes from. */
export interface PolicySource {
  /** The policy as YAML. */
  text: string;
  /** For messages and the history: a file path, or `default policy`. */
  label: string;
  /** Validates it where it is written, so problems point into the file the user edits. */
  validate(): PolicyResult;
  /** Reads the source again (SIGHUP); undefined when it cannot change (the default, an inline section). */
  reread?: () => string;
}

/** The policy of the configuration: a file of its own, the `policy` section of kanshi.yaml, or the default. */
export function policySource(config: KanshiConfig): PolicySource {
  const p = config.policy;
  if (p === undefined) return { text: DEFAULT_POLICY_YAML, label: 'default policy', validate: () => parsePolicy(DEFAULT_POLICY_YAML, 'default policy') };
  if (Object.keys(p).length === 1 && typeof (p as { file?: unknown }).file === 'string') {
    const base = config.configPath ? path.dirname(config.configPath) : process.cwd();
    const file = path.resolve(base, (p as { file: string }).file);
    const read = (): string => readFileSync(file, 'utf8');
    const text = read();
    return { text, label: file, reread: read, validate: () => parsePolicy(text, file) };
  }
  const configPath = config.configPath ?? 'kanshi.yaml';
  return { text: stringify(p), label: configPath, validate: () => parsePolicy(readFileSync(configPath, 'utf8'), configPath, 'policy') };
}

const toDetails = (problems: PolicyProblem[]) =>
  problems.map((p) => ({ path: `${p.file}:${p.line}:${p.column}${p.path ? ` ${p.path}` : ''}`, message: p.message }));

/**
 * The policy in force, kept with every earlier one (who, when, the diff). Processes share it
 * through the database: each reads the newest version when it acts, so a change made through one
 * API process reaches every worker.
 */
export class PolicyService {
  private cached: { id: number; policy: Policy } | undefined;

  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  /**
   * Validates the configured policy (every problem with its line and column, or the daemon does
   * not start) and puts it in force when it differs from the configured one last put in force: a
   * policy set through the API since then stays until the configuration itself changes.
   */
  async init(source: PolicySource): Promise<void> {
    const parsed = source.validate();
    if (!parsed.ok) throw new AppError('INVALID_POLICY', `invalid policy:\n${formatProblems(parsed.problems)}`, 500, toDetails(parsed.problems));
    const [lastConfigured] = await this.deps.db
      .select({ text: policyVersions.text })
      .from(policyVersions)
      .where(sql`${policyVersions.actor} = 'default' or ${policyVersions.actor} like 'file:%'`)
      .orderBy(desc(policyVersions.id))
      .limit(1);
    if (lastConfigured?.text === source.text) return;
    await this.record(source.text, source.reread || source.label !== 'default policy' ? `file:${source.label}` : 'default');
  }

  /** The policy in force now (the newest version). */
  async current(): Promise<{ id: number; policy: Policy }> {
    const [latest] = await queryRows<{ id: string | number }>(this.deps.db, sql`select max(id) as id from policy_versions`);
    const id = Number(latest?.id ?? 0);
    if (this.cached?.id === id) return this.cached;
    const [row] = await this.deps.db
      .select()
      .from(policyVersions)
      .where(sql`${policyVersions.id} = ${id}`);
    const parsed = parsePolicy(row?.text ?? DEFAULT_POLICY_YAML, `policy version ${id}`);
    if (!parsed.ok) throw new Error(`stored policy version ${id} no longer parses: ${formatProblems(parsed.problems)}`);
    this.cached = { id, policy: parsed.policy };
    return this.cached;
  }

  /** The text in force, with its version. */
  async currentText(): Promise<{ id: number; text: string; at: Date | null; actor: string | null }> {
    const [row] = await this.deps.db.select().from(policyVersions).orderBy(desc(policyVersions.id)).limit(1);
    return row ? { id: row.id, text: row.text, at: row.at, actor: row.actor } : { id: 0, text: DEFAULT_POLICY_YAML, at: null, actor: null };
  }

  /** Throws a 400 listing every problem (line and column) when `text` is not a valid policy. */
  validate(text: string, label: string): void {
    const parsed = parsePolicy(text, label);
    if (!parsed.ok)
      throw new AppError('INVALID_POLICY', `the policy has ${parsed.problems.length} problem(s); the one in force stays`, 400, toDetails(parsed.problems));
  }

  /** Replaces the policy; refused whole, with every problem, when it does not validate. Returns whether it changed. */
  async replace(text: string, actor: string, label = 'policy'): Promise<{ id: number; changed: boolean }> {
    this.validate(text, label);
    return this.record(text, actor);
  }

  async history(limit: number): Promise<{ id: number; at: Date; actor: string; diff: string }[]> {
    return this.deps.db
      .select({ id: policyVersions.id, at: policyVersions.at, actor: policyVersions.actor, diff: policyVersions.diff })
      .from(policyVersions)
      .orderBy(desc(policyVersions.id))
      .limit(limit);
  }

  private async record(text: string, actor: string): Promise<{ id: number; changed: boolean }> {
    const before = await this.currentText();
    if (before.id > 0 && before.text === text) return { id: before.id, changed: false };
    const diff = before.id === 0 ? text : createTwoFilesPatch(`policy v${before.id}`, 'policy', before.text, text);
    const [row] = await this.deps.db.insert(policyVersions).values({ at: this.deps.clock.now(), actor, text, diff }).returning({ id: policyVersions.id });
    return { id: row!.id, changed: true };
  }
}
