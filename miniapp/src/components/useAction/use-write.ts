import Taro from '@tarojs/taro';
import { useState } from 'react';
import { useAction, type ActionOptions } from './index';

/**
 * The writes of a staff management page: one at a time (busy), the refusal shown as the server
 * worded it, a line saying what was done, and a reload after each success.
 */
export function useWrite(reload: () => Promise<unknown>, options: ActionOptions = {}) {
  const action = useAction(options);
  const [done, setDone] = useState<string | null>(null);

  /** Runs a write, then reloads; true when it succeeded. */
  async function run(write: () => Promise<unknown>, message: string): Promise<boolean> {
    setDone(null);
    const ok = await action.run(async () => {
      await write();
      await reload();
    });
    if (ok) setDone(message);
    return ok;
  }

  /** Asks before a deactivation, an ending or a delete. */
  async function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
    const res = await Taro.showModal({ title, content, confirmText, cancelText: '取消' });
    return res.confirm;
  }

  return {
    busy: action.running,
    error: action.error,
    notice: action.notice,
    done,
    /** Shows a refusal found before sending (clears the last success line). */
    setError: (message: string | null) => {
      setDone(null);
      action.fail(message);
    },
    run,
    confirm,
  };
}
