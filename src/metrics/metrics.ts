import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { JobObserver } from '../jobs/index.ts';

/**
 * One process's Prometheus registry and the instruments its code observes into. Every process
 * (API, each worker) has its own: job and match timings are measured where the jobs run, and
 * Prometheus scrapes each process. Labels are route templates, queue and job names, never ids or
 * names out of the data, so nothing under embargo can reach them.
 */
export interface Metrics {
  registry: Registry;
  /** For the job queue: wait and run time of every job, by queue, job and outcome. */
  observeJob: JobObserver;
  /** For the HTTP layer: one finished request. `route` is the route's template (`/api/v1/cases/:id`). */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kanshi_' });
  const http = new Histogram({
    name: 'kanshi_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code: rate, errors and duration',
    labelNames: ['method', 'route', 'status_code'],
    buckets: SECONDS,
    registers: [registry],
  });
  const jobRun = new Histogram({
    name: 'kanshi_job_duration_seconds',
    help: 'Job run time by queue, job and outcome (matching.forward and matching.reverse are the match durations)',
    labelNames: ['queue', 'job', 'outcome'],
    buckets: SECONDS,
    registers: [registry],
  });
  const jobWait = new Histogram({
    name: 'kanshi_job_wait_seconds',
    help: 'Time a job waited in its queue before a worker started it',
    labelNames: ['queue'],
    buckets: SECONDS,
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: 'kanshi_job_failures_total',
    help: 'Failed job runs by queue and job, retried ones included',
    labelNames: ['queue', 'job'],
    registers: [registry],
  });
  return {
    registry,
    observeJob(r) {
      jobRun.observe({ queue: r.group, job: r.name, outcome: r.outcome }, r.runMs / 1000);
      if (r.waitMs !== null) jobWait.observe({ queue: r.group }, r.waitMs / 1000);
      if (r.outcome === 'failed') jobFailures.inc({ queue: r.group, job: r.name });
    },
    observeRequest(method, route, status, seconds) {
      http.observe({ method, route, status_code: String(status) }, seconds);
    },
  };
}
