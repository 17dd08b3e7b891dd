import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { AccessEvent } from '@nuanxin/shared/access/schemas';
import { DENY_REASONS, PLATFORM_LABELS } from '@nuanxin/shared/access/constants';
import { ERROR_MESSAGES } from '@nuanxin/shared/common/errors';
import { Notice } from '../../components/Notice';
import { accessApi } from '../../services/access';
import { ApiError } from '../../services/api';
import { downloadAuthenticated } from '../../services/download';
import '../staff/access.css';

type Filter = 'all' | 'granted' | 'denied';
const FILTERS: Record<Filter, string> = { all: '全部', granted: '准入', denied: '拒绝' };

function reasonLabel(reason: string): string {
  if (reason === 'GRANTED') return '已准入';
  return (DENY_REASONS as Record<string, { message: string }>)[reason]?.message ?? (ERROR_MESSAGES as Record<string, string>)[reason] ?? reason;
}

const time = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

/** Who tried to enter when: newest first, filter, page on, export CSV. */
export default function StaffLogPage() {
  const [filter, setFilter] = useState<Filter>('all');
  const [items, setItems] = useState<AccessEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const granted = filter === 'all' ? undefined : filter === 'granted';

  const load = useCallback(
    async (more?: string) => {
      setError(null);
      try {
        const page = await accessApi.events({ granted, ...(more ? { cursor: more } : {}) });
        setItems((prev) => (more ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        setError(err instanceof ApiError ? err.message : '加载失败，请重试');
      }
    },
    [granted],
  );

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <View className="nx-page nx-log">
      <View className="nx-tabs">
        {(Object.keys(FILTERS) as Filter[]).map((f) => (
          <View key={f} className={`nx-tabs__tab${f === filter ? ' nx-tabs__tab--active' : ''}`} onClick={() => setFilter(f)}>
            <Text>{FILTERS[f]}</Text>
          </View>
        ))}
      </View>
      <Button
        className="nx-button nx-button--secondary nx-log__export"
        onClick={() => void downloadAuthenticated(accessApi.eventsCsvPath({ granted }), 'access-events.csv', 'file').catch((e: Error) => setError(e.message))}
      >
        导出 CSV
      </Button>
      {error ? <Notice message={error} onRetry={() => void load()} /> : null}
      {items.length === 0 && !error ? <Notice tone="info" message="暂无通行记录" /> : null}
      <View className="nx-card">
        {items.map((e) => (
          <View key={e.id} className="nx-event">
            <Text className="nx-event__line">
              <Text className={`nx-event__result--${e.granted ? 'granted' : 'denied'}`}>{e.granted ? '准入' : '拒绝'}</Text> {time(e.createdAt)} · {e.communityName ?? ''}{' '}
              {e.gateName ?? ''}
            </Text>
            <Text className="nx-event__line">
              {e.riderName ?? '未登记骑手'}
              {e.platform ? ` · ${PLATFORM_LABELS[e.platform]}` : ''} · {e.method === 'gate_code' ? '扫门岗码' : '查验骑手码'}
              {e.granted ? '' : ` · ${reasonLabel(e.reason)}`}
            </Text>
          </View>
        ))}
      </View>
      {cursor ? (
        <Button className="nx-button nx-button--secondary" onClick={() => void load(cursor)}>
          加载更多
        </Button>
      ) : null}
    </View>
  );
}
