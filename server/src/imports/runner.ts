import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { ImportStatus } from '@nuanxin/shared/imports/constants';
import type { CheckJob, CheckResult } from './check-file.js';
import { FileProblem } from './table.js';
import { OffLoop } from '../platform/off-loop.js';

/** Live progress of a run in this process (the row is written at phase boundaries). */
export interface LiveProgress {
  status: ImportStatus;
  done: number;
  total: number;
}

/** Emitted on `runner.events` as 'progress' (runId, LiveProgress) — the page polls, tests listen. */
export type ProgressListener = (runId: string, progress: LiveProgress) => void;

const WORKER_URL = new URL('./worker-entry.mjs', import.meta.url);

/**
 * Runs the file checks in worker threads (at most `maxWorkers` at once, the rest wait) and keeps
 * what the runs in this process are doing: their live progress and their background tasks, so the
 * app waits for them (and stops the workers) when it closes.
 */
export class ImportRunner {
  readonly events = new EventEmitter();
  private readonly live = new Map<string, LiveProgress>();
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly workers = new Set<Worker>();
  private idle: Worker[] = [];
  private jobs = 0;
  private readonly queue: (() => void)[] = [];
  private closed = false;
  /** A worker for placing checked station rows among the street boundaries (runs.ts placeRows). */
  readonly offLoop = new OffLoop({ maxWorkers: 1 });

  constructor(
    readonly log: (msg: string, err?: unknown) => void,
    private readonly maxWorkers = 2,
  ) {}

  progress(runId: string): LiveProgress | undefined {
    return this.live.get(runId);
  }

  setProgress(runId: string, progress: LiveProgress): void {
    this.live.set(runId, progress);
    this.events.emit('progress', runId, progress);
  }

  forget(runId: string): void {
    this.live.delete(runId);
  }

  /** The last few dry runs' checked rows, for their confirm (the file is re-read when absent). */
  private readonly checked = new Map<string, CheckResult>();
  keep(runId: string, result: CheckResult): void {
    this.checked.set(runId, result);
    for (const old of this.checked.keys()) {
      if (this.checked.size <= 8) break;
      this.checked.delete(old);
    }
  }
  kept(runId: string): CheckResult | undefined {
    return this.checked.get(runId);
  }
  drop(runId: string): void {
    this.checked.delete(runId);
  }

  /** Keeps a background task until it settles (its errors are the task's own to record). */
  track(task: Promise<unknown>): void {
    const t = task.catch((err) => this.log('import task failed', err)).finally(() => this.tasks.delete(t));
    this.tasks.add(t);
  }

  /** An idle worker, started on first use (tsx and exceljs take seconds to load: they load once). */
  private async slot(): Promise<{ worker: Worker; release: () => void }> {
    for (;;) {
      if (this.closed) throw new Error('import runner closed');
      const idle = this.idle.pop();
      if (idle) return { worker: idle, release: () => this.giveBack(idle) };
      if (this.workers.size < this.maxWorkers) {
        const worker = new Worker(WORKER_URL, { stdout: false, stderr: false });
        worker.unref();
        this.workers.add(worker);
        worker.on('exit', () => {
          this.workers.delete(worker);
          this.idle = this.idle.filter((w) => w !== worker);
          this.queue.shift()?.();
        });
        worker.on('error', (err) => this.log('import worker error', err));
        return { worker, release: () => this.giveBack(worker) };
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
  }

  private giveBack(worker: Worker): void {
    if (!this.workers.has(worker)) return;
    this.idle.push(worker);
    this.queue.shift()?.();
  }

  /**
   * Checks a file in a worker. `opened` resolves once the file is read (with its row count) or
   * rejects with its FileProblem; `result` resolves with the checked rows.
   */
  check(job: CheckJob, onProgress: (done: number) => void): { opened: Promise<number>; result: Promise<CheckResult> } {
    let open!: (n: number) => void;
    let refuse!: (e: Error) => void;
    const opened = new Promise<number>((resolve, reject) => {
      open = resolve;
      refuse = reject;
    });
    const id = ++this.jobs;
    const result = (async () => {
      const { worker, release } = await this.slot();
      let onMessage: ((m: { id?: number; type: string; [k: string]: unknown }) => void) | undefined;
      let onExit: ((code: number) => void) | undefined;
      try {
        return await new Promise<CheckResult>((resolve, reject) => {
          const fail = (err: Error) => {
            refuse(err);
            reject(err);
          };
          onMessage = (m) => {
            if (m.id !== id) return;
            if (m.type === 'opened') open(m.total as number);
            else if (m.type === 'progress') onProgress(m.done as number);
            else if (m.type === 'result') resolve(m.result as CheckResult);
            else if (m.type === 'problem') fail(new FileProblem(m.code as FileProblem['code'], m.message as string));
            else if (m.type === 'error') fail(new Error(`import worker: ${m.message as string}`));
          };
          onExit = (code) => fail(new Error(`import worker exited (${code})`));
          worker.on('message', onMessage);
          worker.once('exit', onExit);
          worker.postMessage({ id, job });
        });
      } catch (err) {
        refuse(err as Error);
        throw err;
      } finally {
        if (onMessage) worker.off('message', onMessage);
        if (onExit) worker.off('exit', onExit);
        release();
      }
    })();
    // The caller awaits `opened` first; a rejection of `result` is then also seen through it.
    result.catch(() => undefined);
    return { opened, result };
  }

  /**
   * Starts one worker ahead of the first upload (loading tsx and exceljs takes seconds; on a busy
   * 2-core machine the first import spent 20 s there). Idle, it holds no event loop open.
   */
  warm(): void {
    if (this.workers.size > 0 || this.closed) return;
    void this.slot().then(
      ({ release }) => release(),
      (err) => this.log('import worker did not start', err),
    );
  }

  /** Waits for the runs in progress, then stops any worker left. */
  async close(): Promise<void> {
    this.closed = true;
    for (const resolve of this.queue.splice(0)) resolve();
    await Promise.allSettled([...this.tasks]);
    await Promise.allSettled([...this.workers].map((w) => w.terminate()));
    await this.offLoop.close();
  }
}
