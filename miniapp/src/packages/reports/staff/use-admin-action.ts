import Taro from '@tarojs/taro';
import { useState } from 'react';

/**
 * The state of an admin page's writes: one at a time (busy), the refusal shown as it came from
 * the server, a line saying what was done, and a reload after each success.
 */
export function useAdminAction(reload: () => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  /** Runs a write, then reloads; true when it succeeded. */
  async function run(write: () => Promise<unknown>, message: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await write();
      await reload();
      setDone(message);
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : '操作失败，请重试');
      return false;
    } finally {
      setBusy(false);
    }
  }

  /** Asks before a deactivation or a delete. */
  async function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
    const res = await Taro.showModal({ title, content, confirmText, cancelText: '取消' });
    return res.confirm;
  }

  return { busy, error, done, setError, run, confirm };
}
