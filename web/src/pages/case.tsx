import { useState } from 'preact/hooks';
import { ApiError, call, download, urlOf, type Response } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { may, useMe } from '../me.tsx';
import { Link, path } from '../router.tsx';
import { Async, Badge, ErrorText, Kev, Severity, useLoad } from '../ui.tsx';
import { SlaBadge } from './case-table.tsx';

type CaseDetail = Response<'getCase'>;
type State = CaseDetail['state'];

const STAGES = ['acknowledge', 'triage', 'plan', 'fix'] as const;
const JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
type Justification = (typeof JUSTIFICATIONS)[number];

/** What the workflow asks for on the way to each state (src/cases/workflow.ts). */
const NEEDS: Partial<Record<State, ('reason' | 'justification' | 'fixVersion' | 'until')[]>> = {
  not_affected: ['justification'],
  fix_planned: ['fixVersion', 'until'],
  fixed: ['fixVersion'],
  risk_accepted: ['reason', 'until'],
};

/** An action's request: its error kept for the form to show, or the case reloaded once it succeeded. */
function useAction(onDone: () => void): { error: unknown; run(request: () => Promise<unknown>): Promise<void> } {
  const [error, setError] = useState<unknown>(undefined);
  const run = async (request: () => Promise<unknown>): Promise<void> => {
    try {
      await request();
      setError(undefined);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return { error, run };
}

function TransitionForm({ c, onDone }: { c: CaseDetail; onDone(): void }) {
  const { t, te } = useI18n();
  const [to, setTo] = useState<State | ''>('');
  const [reason, setReason] = useState('');
  const [justification, setJustification] = useState<Justification | ''>('');
  const [fixVersion, setFixVersion] = useState('');
  const [until, setUntil] = useState('');
  const { error, run } = useAction(onDone);
  const needs = to ? (NEEDS[to] ?? []) : [];
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!to) return;
    await run(() =>
      call('transitionCase', {
        params: { id: c.id },
        body: {
          to,
          ifMatch: c.revision,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...(justification && needs.includes('justification') ? { justification } : {}),
          ...(fixVersion.trim() && needs.includes('fixVersion') ? { fixVersion: fixVersion.trim() } : {}),
          ...(until && needs.includes('until') ? { until: new Date(`${until}T00:00:00`).toISOString() } : {}),
        },
      }),
    );
  };
  return (
    <form class="action" onSubmit={(e) => void submit(e)}>
      <h3>{t('action.transition')}</h3>
      <div class="field">
        <label for="to">{t('action.to')}</label>
        <select id="to" value={to} onChange={(e) => setTo(e.currentTarget.value as State)} required>
          <option value="">{t('action.choose')}</option>
          {c.allowed.map((s) => (
            <option key={s} value={s}>
              {te('state', s)}
            </option>
          ))}
        </select>
      </div>
      {needs.includes('justification') && (
        <div class="field">
          <label for="justification">{t('action.justification')}</label>
          <select id="justification" value={justification} onChange={(e) => setJustification(e.currentTarget.value as Justification)} required>
            <option value="">{t('action.choose')}</option>
            {JUSTIFICATIONS.map((j) => (
              <option key={j} value={j}>
                {te('justification', j)}
              </option>
            ))}
          </select>
        </div>
      )}
      {needs.includes('fixVersion') && (
        <div class="field">
          <label for="fixVersion">{t('action.fixVersion')}</label>
          <input id="fixVersion" value={fixVersion} onInput={(e) => setFixVersion(e.currentTarget.value)} required />
        </div>
      )}
      {needs.includes('until') && (
        <div class="field">
          <label for="until">{t('action.until')}</label>
          <input id="until" type="date" value={until} onInput={(e) => setUntil(e.currentTarget.value)} required />
        </div>
      )}
      <div class="field wide">
        <label for="reason">{needs.includes('reason') ? t('action.reason') : t('action.reasonOptional')}</label>
        <input id="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} required={needs.includes('reason')} />
      </div>
      {error !== undefined && <ActionError error={error} />}
      <button type="submit" disabled={!to}>
        {t('action.transitionSubmit')}
      </button>
    </form>
  );
}

function ActionError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.code === 'STALE')
    return (
      <p role="alert" class="error">
        {t('action.stale')}
      </p>
    );
  if (error instanceof ApiError && error.status === 400)
    return (
      <p role="alert" class="error">
        {t('action.invalid')}
      </p>
    );
  return <ErrorText error={error} />;
}

function AssignForm({ c, onDone }: { c: CaseDetail; onDone(): void }) {
  const { t } = useI18n();
  const [assignee, setAssignee] = useState(c.assignee ?? '');
  const { error, run } = useAction(onDone);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    await run(() => call('updateCase', { params: { id: c.id }, body: { assignee: assignee.trim() || null, ifMatch: c.revision } }));
  };
  return (
    <form class="action" onSubmit={(e) => void submit(e)}>
      <h3>{t('action.assign')}</h3>
      <div class="field wide">
        <label for="assignee">{t('action.assignee')}</label>
        <input id="assignee" value={assignee} onInput={(e) => setAssignee(e.currentTarget.value)} aria-describedby="assignee-help" />
        <p id="assignee-help" class="muted">
          {t('action.assigneeHelp')}
        </p>
      </div>
      {error !== undefined && <ActionError error={error} />}
      <button type="submit">{t('action.assignSubmit')}</button>
    </form>
  );
}

function CommentForm({ c, onDone }: { c: CaseDetail; onDone(): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const { error, run } = useAction(() => {
    setText('');
    onDone();
  });
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (text.trim()) await run(() => call('commentCase', { params: { id: c.id }, body: { text: text.trim() } }));
  };
  return (
    <form class="action" onSubmit={(e) => void submit(e)}>
      <h3>{t('action.comment')}</h3>
      <div class="field wide">
        <label for="comment">{t('action.commentText')}</label>
        <textarea id="comment" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} required />
      </div>
      {error !== undefined && <ActionError error={error} />}
      <button type="submit">{t('action.commentSubmit')}</button>
    </form>
  );
}

function AuditDetails({ action, details }: { action: string; details: Record<string, unknown> }) {
  const { t, te } = useI18n();
  const s = (v: unknown): string => (typeof v === 'string' ? v : '');
  switch (action) {
    case 'transition':
      return (
        <>
          {te('state', s(details.from))} → {te('state', s(details.to))}
          {s(details.justification) && ` · ${te('justification', s(details.justification))}`}
          {s(details.fixVersion) && ` · ${t('action.fixVersion')}: ${s(details.fixVersion)}`}
          {s(details.reason) && <q>{s(details.reason)}</q>}
        </>
      );
    case 'comment':
      return <q>{s(details.text)}</q>;
    case 'assigned':
      return <>{s(details.to) || t('case.unassigned')}</>;
    case 'opened':
    case 'priority-changed':
      return <>{s(details.priority) || `${s(details.from)} → ${s(details.to)}`}</>;
    case 'sla-near-breach':
    case 'sla-breached':
      return <>{(Array.isArray(details.stages) ? (details.stages as string[]) : []).map((st) => te('stage', st)).join(', ')}</>;
    default:
      return null;
  }
}

function Downloads({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(undefined);
  const get = (url: string, name: string): void => void download(url, name).then(() => setError(undefined), setError);
  return (
    <section aria-labelledby="exports">
      <h2 id="exports">{t('case.exports')}</h2>
      <div class="buttons">
        <button type="button" onClick={() => get(urlOf('/api/v1/cases/{id}/csaf', { id: c.id }), `case-${c.id}.csaf.json`)}>
          {t('case.csaf')}
        </button>
        <button type="button" onClick={() => get(urlOf('/api/v1/cases/{id}/jvn-status', { id: c.id }, { format: 'text' }), `case-${c.id}.jvn.txt`)}>
          {t('case.jvnExport')}
        </button>
      </div>
      {error !== undefined && <ErrorText error={error} />}
    </section>
  );
}

/** The JVN vendor status values (JPCERT/CC), shown in the viewer's language. */
const JVN_KEYS: Record<string, string> = {
  該当製品あり: 'affected',
  '該当製品あり：調査中': 'affectedInvestigating',
  該当製品なし: 'notAffected',
  '該当製品なし：調査中': 'notAffectedInvestigating',
};

export function CasePage({ id }: { id: number }) {
  const { t, te, date } = useI18n();
  const me = useMe();
  const state = useLoad(() => call('getCase', { params: { id } }), [id]);
  return (
    <Async state={state}>
      {(c) => {
        const coordination = (c as CaseDetail & { coordination?: Record<string, string | null> | null }).coordination ?? null;
        return (
          <>
            <h1>
              {t('case.title', { id: c.id })} · {c.vulnerability.id}
            </h1>
            <p class="tags">
              <Severity value={c.vulnerability.severity} /> <Kev kev={c.vulnerability.kev} /> <Badge kind={`prio-${c.priority}`} label={c.priority} />{' '}
              <SlaBadge status={c.sla.status} /> {c.embargoed && <Badge kind="embargo" label={t('case.embargoed')} />}
            </p>
            <dl class="facts">
              <dt>{t('case.product')}</dt>
              <dd>
                <Link href={path('products', c.product)}>{c.product}</Link>
              </dd>
              <dt>{t('case.team')}</dt>
              <dd>
                <Link href={path('teams', c.team)}>{c.team}</Link>
              </dd>
              <dt>{t('case.state')}</dt>
              <dd>{te('state', c.state)}</dd>
              <dt>{t('case.priority')}</dt>
              <dd title={c.priorityRule ?? undefined}>{c.priority}</dd>
              <dt>{t('case.assignee')}</dt>
              <dd>{c.assignee ?? t('case.unassigned')}</dd>
              <dt>{t('case.aliases')}</dt>
              <dd>{c.vulnerability.aliases.join(', ') || '—'}</dd>
              <dt>{t('case.jvnStatus')}</dt>
              <dd>{JVN_KEYS[c.jvnStatus] ? te('jvn', JVN_KEYS[c.jvnStatus]!) : c.jvnStatus}</dd>
              <dt>{t('case.opened')}</dt>
              <dd>{date(c.openedAt)}</dd>
              {c.fixVersion && (
                <>
                  <dt>{t('action.fixVersion')}</dt>
                  <dd>{c.fixVersion}</dd>
                </>
              )}
              {c.justification && (
                <>
                  <dt>{t('action.justification')}</dt>
                  <dd>{te('justification', c.justification)}</dd>
                </>
              )}
              {c.until && (
                <>
                  <dt>{t('action.until')}</dt>
                  <dd>{date(c.until)}</dd>
                </>
              )}
            </dl>

            <section aria-labelledby="coordination">
              <h2 id="coordination">{t('case.coordination')}</h2>
              {coordination ? (
                <dl class="facts">
                  <dt>{t('coord.coordinator')}</dt>
                  <dd>{coordination.coordinator ?? '—'}</dd>
                  <dt>{t('coord.caseId')}</dt>
                  <dd>{coordination.caseId ?? '—'}</dd>
                  <dt>{t('coord.notifiedAt')}</dt>
                  <dd>{date(coordination.notifiedAt)}</dd>
                  <dt>{t('coord.disclosureAt')}</dt>
                  <dd>{date(coordination.disclosureAt)}</dd>
                </dl>
              ) : (
                <p class="muted">{t('coord.none')}</p>
              )}
            </section>

            <section aria-labelledby="timeline">
              <h2 id="timeline">{t('case.timeline')}</h2>
              <ol class="timeline">
                <li>
                  <time dateTime={c.openedAt}>{date(c.openedAt)}</time> {t('timeline.opened')}
                </li>
                {STAGES.map((s) => (
                  <li key={s} class={`stage-${c.sla.stages[s]}`}>
                    <time dateTime={c.sla.due[s]}>{date(c.sla.due[s])}</time> {t('timeline.due', { stage: te('stage', s) })} —{' '}
                    {te('stageStatus', c.sla.stages[s])}
                  </li>
                ))}
              </ol>
            </section>

            <section aria-labelledby="findings">
              <h2 id="findings">{t('case.findings')}</h2>
              <div class="table-wrap">
                <table>
                  <caption class="sr-only">{t('case.findings')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('product.version')}</th>
                      <th scope="col">{t('component.name')}</th>
                      <th scope="col">{t('finding.confidence')}</th>
                      <th scope="col">{t('finding.state')}</th>
                      <th scope="col">{t('finding.smallestFix')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.versions.map((v) => (
                      <tr key={`${v.version} ${v.purl ?? v.component}`}>
                        <td>
                          <Link href={path('products', c.product, 'versions', v.version)}>{v.version}</Link>
                        </td>
                        <td>
                          {v.component ?? '—'} <code>{v.purl}</code>
                        </td>
                        <td>{te('confidence', v.confidence)}</td>
                        <td>{v.suppressed ? t('finding.suppressed') : te('findingState', v.state)}</td>
                        <td>{v.smallestFix ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>

            {may(me, 'case.act') && (
              <section aria-labelledby="actions" class="actions">
                <h2 id="actions">{t('case.actions')}</h2>
                {c.allowed.length > 0 && <TransitionForm key={c.revision} c={c} onDone={state.reload} />}
                <AssignForm key={c.revision} c={c} onDone={state.reload} />
                <CommentForm c={c} onDone={state.reload} />
              </section>
            )}

            <Downloads c={c} />

            <section aria-labelledby="audit">
              <h2 id="audit">{t('case.audit')}</h2>
              <div class="table-wrap">
                <table>
                  <caption class="sr-only">{t('case.audit')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('audit.at')}</th>
                      <th scope="col">{t('audit.actor')}</th>
                      <th scope="col">{t('audit.action')}</th>
                      <th scope="col">{t('audit.details')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...c.audit].reverse().map((a, i) => (
                      <tr key={i}>
                        <td>
                          <time dateTime={a.at}>{date(a.at)}</time>
                        </td>
                        <td>{a.actor === 'system' ? t('audit.system') : <code>{a.actor.slice(0, 8)}</code>}</td>
                        <td>{te('auditAction', a.action)}</td>
                        <td>
                          <AuditDetails action={a.action} details={a.details} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </>
        );
      }}
    </Async>
  );
}
