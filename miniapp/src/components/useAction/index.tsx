import { useCallback, useMemo, useState } from 'react';
import { Notice } from '../Notice';
import { errorMessage } from './error-message';

export { errorMessage };

export interface ActionOptions {
  /** Shown when the error carries no message meant for users. */
  fallback?: string;
  /**
   * Show the message of any Error, not only our own: for pages whose own code throws Errors with
   * Chinese messages (a download that failed, a file that could not be read).
   */
  anyError?: boolean;
}

export interface Action {
  /** True while a run is in flight (disable the button that started it). */
  running: boolean;
  /** The last run's error as shown, or a message set with `fail`; null after a new run starts. */
  error: string | null;
  /** Clears the error, runs `fn`, keeps its error; true when it succeeded. */
  run: (fn: () => Promise<unknown>, fallback?: string) => Promise<boolean>;
  /** Shows a message that did not come from a run (a refused precondition, a cancelled scan). */
  fail: (message: string | null) => void;
  /** The error through the one Notice component; null when there is none. */
  notice: (onRetry?: () => void) => JSX.Element | null;
}

/**
 * One async action of a page — a load or a write — with its running flag and its error. Errors
 * stay on screen in a Notice (a toast is gone before a rider looks) until the next run.
 */
export function useAction(options: ActionOptions = {}): Action {
  const { fallback = '操作失败，请重试', anyError = false } = options;
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async (fn: () => Promise<unknown>, runFallback?: string) => {
      setRunning(true);
      setError(null);
      try {
        await fn();
        return true;
      } catch (err) {
        const shown = runFallback ?? fallback;
        // Only words meant for people: a TypeError's English ("Cannot read properties of undefined")
        // is a bug to log, never a message to show.
        setError(
          anyError && err instanceof Error && /[\u4e00-\u9fff]/.test(err.message)
            ? err.message
            : errorMessage(err, shown),
        );
        return false;
      } finally {
        setRunning(false);
      }
    },
    [fallback, anyError],
  );

  return useMemo(
    () => ({
      running,
      error,
      run,
      fail: setError,
      notice: (onRetry?: () => void) => (error ? <Notice message={error} onRetry={onRetry} /> : null),
    }),
    [running, error, run],
  );
}
