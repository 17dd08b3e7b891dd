import type { Database } from '../db/client.js';
import { withJobLock } from './job-lock.js';

/**
 * A periodic job: what it is called (also its lock), how often it runs, and one pass of it that
 * returns counts to log. A pass must be safe to repeat and to run next to a CLI run of the same
 * work (each job's own code already is: row locks, derived ids, dedupe keys).
 */
export interface Job {
  name: string;
  /** ms between the end of one pass and the start of the next; 0 = not scheduled. */
  intervalMs: number;
  run: () => Promise<Record<string, number>>;
}

export interface JobLog {
  info: (obj: object, msg: string) => void;
  debug: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
}

export type JobRun =
  | { job: string; status: 'done'; durationMs: number; counts: Record<string, number> }
  | { job: string; status: 'skipped' }
  | { job: string; status: 'failed'; durationMs: number; error: Error };

/** One pass of a job under its lock, logged with its counts. Never throws (a failed pass is logged). */
export async function runJob(database: Database, job: Job, log: JobLog): Promise<JobRun> {
  const started = Date.now();
  try {
    const outcome = await withJobLock(database, job.name, job.run);
    if (!outcome.ran) {
      log.debug({ job: job.name }, 'job skipped: another runner holds it');
      return { job: job.name, status: 'skipped' };
    }
    const durationMs = Date.now() - started;
    log.info({ job: job.name, durationMs, ...outcome.value }, 'job done');
    return { job: job.name, status: 'done', durationMs, counts: outcome.value };
  } catch (err) {
    const durationMs = Date.now() - started;
    log.error({ job: job.name, durationMs, err }, 'job failed');
    return { job: job.name, status: 'failed', durationMs, error: err as Error };
  }
}

export interface SchedulerOptions {
  /** Delay before each job's first pass (so start-up is not slowed; tests use a few ms). */
  firstRunDelayMs?: number;
  /** Called after each pass (tests wait on it). */
  onRun?: (run: JobRun) => void;
}

/**
 * Runs each job every `intervalMs` in this process (server.ts starts it; buildApp does not, so
 * tests drive jobs themselves). Passes of one job never overlap; a pass that is still running
 * when the scheduler stops is awaited. Returns the stop function.
 */
export function startScheduler(
  database: Database,
  jobs: readonly Job[],
  log: JobLog,
  opts: SchedulerOptions = {},
): () => Promise<void> {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  const schedule = (job: Job, delayMs: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      const pass = runJob(database, job, log).then((run) => {
        opts.onRun?.(run);
        if (!stopped) schedule(job, job.intervalMs);
      });
      inFlight.add(pass);
      void pass.finally(() => inFlight.delete(pass));
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };
  for (const job of jobs) {
    if (job.intervalMs > 0) schedule(job, Math.min(opts.firstRunDelayMs ?? 10_000, job.intervalMs));
  }
  return async () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    await Promise.all([...inFlight]);
  };
}
