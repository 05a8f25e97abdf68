/** SLA clocks of a case: due dates per stage from the policy's targets, paused time excluded. */
import type { SlaTargets } from './policy.schema.ts';
import { SLA_STAGES, type SlaStage } from './workflow.ts';

export type StageStatus = 'done' | 'on-track' | 'near-breach' | 'breached';
export type SlaStatus = Exclude<StageStatus, 'done'>;

export interface SlaClock {
  openedAt: Date;
  /** Time spent paused before `pausedSince` (waiting on a supplier's fix, when the policy allows). */
  pausedMs: number;
  /** Set while paused. */
  pausedSince: Date | null;
  /** When each stage was completed. */
  done: Partial<Record<SlaStage, Date>>;
}

export interface SlaView {
  /** Worst status of the stages not done; `on-track` when all are done. */
  status: SlaStatus;
  due: Record<SlaStage, Date>;
  stages: Record<SlaStage, StageStatus>;
}

/** Paused time up to `at`. */
const pausedUntil = (c: SlaClock, at: Date): number => c.pausedMs + (c.pausedSince ? Math.max(0, at.getTime() - c.pausedSince.getTime()) : 0);

/**
 * Where each stage stands at `now`. A stage is due its target after the case opened, pushed back by
 * the time spent paused; near breach once `nearBreachAt` of its time has run; breached after.
 */
export function slaView(clock: SlaClock, targets: SlaTargets, nearBreachAt: number, now: Date): SlaView {
  const paused = pausedUntil(clock, now);
  const due = {} as Record<SlaStage, Date>;
  const stages = {} as Record<SlaStage, StageStatus>;
  const order: SlaStatus[] = ['on-track', 'near-breach', 'breached'];
  let status: SlaStatus = 'on-track';
  for (const stage of SLA_STAGES) {
    const target = targets[stage];
    due[stage] = new Date(clock.openedAt.getTime() + target + paused);
    if (clock.done[stage]) {
      stages[stage] = 'done';
      continue;
    }
    const elapsed = now.getTime() - clock.openedAt.getTime() - paused;
    const s: SlaStatus = elapsed > target ? 'breached' : elapsed >= target * nearBreachAt ? 'near-breach' : 'on-track';
    stages[stage] = s;
    if (order.indexOf(s) > order.indexOf(status)) status = s;
  }
  return { status, due, stages };
}

/** The clock paused at `at` (no change when already paused). */
export const pause = (c: SlaClock, at: Date): SlaClock => (c.pausedSince ? c : { ...c, pausedSince: at });

/** The clock running again from `at`, the paused span added to `pausedMs`. */
export const resume = (c: SlaClock, at: Date): SlaClock => (c.pausedSince ? { ...c, pausedMs: pausedUntil(c, at), pausedSince: null } : c);
