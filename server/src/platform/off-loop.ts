import { Worker } from 'node:worker_threads';
import { AppError } from './app-error.js';
import type { ErrorCode } from '@nuanxin/shared/common/errors';

const ENTRY_URL = new URL('./off-loop-entry.mjs', import.meta.url);

/** A task that ran longer than its cap: its worker was terminated. */
export class TaskTimedOut extends Error {
  constructor(readonly timeoutMs: number) {
    super(`off-loop task exceeded ${timeoutMs} ms`);
    this.name = 'TaskTimedOut';
  }
}

/** A worker that died under a task (out of its memory limit, a crash): the task's input is to blame. */
export class TaskCrashed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskCrashed';
  }
}

type Reply =
  | { id: number; type: 'started' }
  | { id: number; type: 'result'; value: unknown }
  | { id: number; type: 'app-error'; status: number; code: ErrorCode; message: string; field?: string }
  | { id: number; type: 'error'; message: string };

/**
 * Runs CPU-heavy pure functions (parsing and validating uploaded files, geometry) in worker
 * threads, so the event loop keeps answering (/health, everyone else's requests) meanwhile.
 *
 * A task is `fn(input)` exported by a module (a URL next to the caller; the module must not load
 * the database layer). At most `maxWorkers` run at once; the rest wait. Workers are reused and,
 * idle, hold no event loop open. A task given `timeoutMs` that runs longer has its worker
 * terminated and rejects with TaskTimedOut (the cap counts the work only, not loading the module);
 * a worker that dies (its heap limit, `maxHeapMb`) rejects with TaskCrashed. An AppError thrown in
 * the task arrives as the same AppError.
 */
export class OffLoop {
  private readonly workers = new Set<Worker>();
  private idle: Worker[] = [];
  private readonly waiting: (() => void)[] = [];
  private jobs = 0;
  private closed = false;

  constructor(private readonly opts: { maxWorkers?: number; maxHeapMb?: number } = {}) {}

  private spawn(): Worker {
    const worker = new Worker(ENTRY_URL, {
      stdout: false,
      stderr: false,
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxHeapMb ?? 512 },
    });
    worker.unref();
    // Errors reach the task through 'exit' (or its own listener); this keeps one from being thrown.
    worker.on('error', () => undefined);
    worker.on('exit', () => this.retire(worker));
    this.workers.add(worker);
    return worker;
  }

  private retire(worker: Worker): void {
    if (!this.workers.delete(worker)) return;
    this.idle = this.idle.filter((w) => w !== worker);
    this.waiting.shift()?.();
  }

  private async take(): Promise<Worker> {
    for (;;) {
      if (this.closed) throw new Error('off-loop runner closed');
      const idle = this.idle.pop();
      if (idle) return idle;
      if (this.workers.size < (this.opts.maxWorkers ?? 2)) return this.spawn();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private giveBack(worker: Worker): void {
    if (!this.workers.has(worker)) return;
    worker.unref();
    this.idle.push(worker);
    this.waiting.shift()?.();
  }

  /**
   * `timeoutMs` caps this task's work; a `budget` caps several tasks together (each spends from
   * it the time it worked, loading excluded).
   */
  async run<T>(
    module: URL,
    fn: string,
    input: unknown,
    opts: { timeoutMs?: number; budget?: { remainingMs: number } } = {},
  ): Promise<T> {
    const worker = await this.take();
    // Busy, the worker keeps the process alive (a script awaiting it must not exit under it).
    worker.ref();
    const id = ++this.jobs;
    let timer: NodeJS.Timeout | undefined;
    let onMessage: ((m: Reply) => void) | undefined;
    let onExit: ((code: number) => void) | undefined;
    let onError: ((err: Error) => void) | undefined;
    let healthy = true;
    let startedAt: number | undefined;
    const cap = opts.budget ? Math.max(0, opts.budget.remainingMs) : opts.timeoutMs;
    try {
      return await new Promise<T>((resolve, reject) => {
        onMessage = (m) => {
          if (m.id !== id) return;
          if (m.type === 'started') {
            startedAt = performance.now();
            if (cap !== undefined)
              timer = setTimeout(() => {
                healthy = false;
                reject(new TaskTimedOut(cap));
                void worker.terminate();
              }, cap);
          } else if (m.type === 'result') resolve(m.value as T);
          else if (m.type === 'app-error') reject(new AppError(m.status, m.code, m.message, m.field));
          else reject(new Error(`off-loop task ${fn}: ${m.message}`));
        };
        onError = (err) => {
          healthy = false;
          reject(new TaskCrashed(`off-loop worker failed: ${err.message}`));
        };
        onExit = (code) => {
          healthy = false;
          reject(new TaskCrashed(`off-loop worker exited (${code})`));
        };
        worker.on('message', onMessage);
        worker.once('error', onError);
        worker.once('exit', onExit);
        worker.postMessage({ id, module: module.href, fn, input });
      });
    } finally {
      clearTimeout(timer);
      if (opts.budget && startedAt !== undefined) opts.budget.remainingMs -= performance.now() - startedAt;
      if (onMessage) worker.off('message', onMessage);
      if (onError) worker.off('error', onError);
      if (onExit) worker.off('exit', onExit);
      if (healthy) this.giveBack(worker);
      else {
        this.retire(worker);
        void worker.terminate();
      }
    }
  }

  /** Stops every worker (a task in progress rejects). */
  async close(): Promise<void> {
    this.closed = true;
    for (const resolve of this.waiting.splice(0)) resolve();
    await Promise.allSettled([...this.workers].map((w) => w.terminate()));
  }
}
