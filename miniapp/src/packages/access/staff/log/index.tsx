import { Button, Picker, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AccessEvent, Gate } from '@nuanxin/shared/access/schemas';
import type { Community } from '@nuanxin/shared/geo/schemas';
import { PLATFORM_LABELS, STAFF_DENY_MESSAGES } from '@nuanxin/shared/access/constants';
import { ERROR_MESSAGES } from '@nuanxin/shared/common/errors';
import { CommunityChips } from '../../components/CommunityChips';
import { Notice } from '../../../../components/Notice';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { accessApi, type EventFilters } from '../../../../services/access';
import { downloadAuthenticated } from '../../../../services/download';
import '../../../../styles/staff.css';
import './index.css';

type Result = 'all' | 'granted' | 'denied';
const RESULTS: Record<Result, string> = { all: '全部', granted: '准入', denied: '拒绝' };

/** Refusals of a bad code (4xx) are logged with their error code; listed after the deny reasons. */
const CODE_REFUSALS = [
  'GATE_CODE_INVALID',
  'GATE_CODE_SUPERSEDED',
  'GATE_CODE_KEY_REVOKED',
  'GATE_UNKNOWN',
  'GATE_NUMBER_UNKNOWN',
  'SCAN_TIME_INVALID',
  'COORDINATE_OUT_OF_RANGE',
  'RIDER_CODE_INVALID',
  'RIDER_CODE_EXPIRED',
  'RIDER_CODE_REPLAYED',
] as const;
const REASONS: readonly string[] = [...Object.keys(STAFF_DENY_MESSAGES), ...CODE_REFUSALS];

export function reasonLabel(reason: string): string {
  if (reason === 'GRANTED') return '已准入';
  return (
    // Staff read about the rider (该骑手…), not the rider's own wording (你的…).
    (STAFF_DENY_MESSAGES as Record<string, string>)[reason] ??
    (ERROR_MESSAGES as Record<string, string>)[reason] ??
    reason
  );
}

const time = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

const formatDistance = (m: number) => (m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${m} 米`);

/** Calendar days in Beijing time, whatever the phone's zone: the log is read as local days. */
const DAY_MS = 86_400_000;
export const chinaDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();
const nextDayStart = (day: string) => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + DAY_MS).toISOString();

type Range = 'today' | 'week' | 'month' | 'any' | 'custom';
const RANGES: Record<Exclude<Range, 'custom'>, string> = {
  today: '今天',
  week: '近 7 天',
  month: '近 30 天',
  any: '不限',
};

/** The days a quick range covers, ending today (Beijing). */
export function rangeDays(
  range: Range,
  today: string,
  custom: { from: string; to: string },
): { from?: string; to?: string } {
  const back = (n: number) => chinaDay(new Date(`${today}T12:00:00+08:00`).getTime() - n * DAY_MS);
  switch (range) {
    case 'today':
      return { from: today, to: today };
    case 'week':
      return { from: back(6), to: today };
    case 'month':
      return { from: back(29), to: today };
    case 'any':
      return {};
    case 'custom':
      return custom;
  }
}

/**
 * Who tried to enter when: newest first; filter by community, gate, day range, result and reason;
 * page on with 加载更多; export exactly the filtered set as CSV.
 */
export default function StaffLogPage() {
  const today = chinaDay(Date.now());
  const [communities, setCommunities] = useState<Community[]>([]);
  const [communityId, setCommunityId] = useState<string | undefined>(undefined);
  const [gates, setGates] = useState<Gate[]>([]);
  const [gateId, setGateId] = useState<string | undefined>(undefined);
  const [result, setResult] = useState<Result>('all');
  const [reason, setReason] = useState<string | undefined>(undefined);
  const [range, setRange] = useState<Range>('week');
  const [custom, setCustom] = useState({ from: today, to: today });
  const [items, setItems] = useState<AccessEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const list = useAction({ fallback: '加载失败，请重试' });
  const loading = list.running;

  useEffect(() => {
    accessApi
      .communities()
      .then((r) => {
        setCommunities(r.items);
        if (r.items.length === 1) setCommunityId(r.items[0]!.id);
      })
      .catch(() => setCommunities([]));
  }, []);

  // Gates are chosen within one community.
  useEffect(() => {
    setGateId(undefined);
    setGates([]);
    if (!communityId) return;
    accessApi
      .gates(communityId)
      .then((r) => setGates(r.items))
      .catch(() => setGates([]));
  }, [communityId]);

  const days = rangeDays(range, today, custom);
  const filters: EventFilters = useMemo(
    () => ({
      communityId,
      gateId,
      granted: result === 'all' ? undefined : result === 'granted',
      reason: result === 'denied' ? reason : undefined,
      from: days.from ? dayStart(days.from) : undefined,
      to: days.to ? nextDayStart(days.to) : undefined,
    }),
    [communityId, gateId, result, reason, days.from, days.to],
  );

  const load = useCallback(
    async (more?: string) => {
      await list.run(async () => {
        const page = await accessApi.events({ ...filters, ...(more ? { cursor: more } : {}) });
        setItems((prev) => (more ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      });
    },
    [filters, list.run],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const invalidRange = range === 'custom' && custom.from > custom.to;
  const reasonIndex = reason ? REASONS.indexOf(reason) + 1 : 0;

  return (
    <PageShell title="通行记录" className="nx-log">
      <CommunityChips
        className="nx-log__communities"
        communities={communities}
        value={communityId}
        onChange={setCommunityId}
        allLabel="全部小区"
      />
      {gates.length > 1 ? (
        <View className="nx-chips nx-log__gates">
          <View className={`nx-chip${gateId ? '' : ' nx-chip--selected'}`} onClick={() => setGateId(undefined)}>
            <Text>全部门岗</Text>
          </View>
          {gates.map((g) => (
            <View
              key={g.id}
              className={`nx-chip nx-log__gate${g.id === gateId ? ' nx-chip--selected' : ''}`}
              onClick={() => setGateId(g.id)}
            >
              <Text>{g.name}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <View className="nx-chips nx-log__ranges">
        {(Object.keys(RANGES) as (keyof typeof RANGES)[]).map((r) => (
          <View
            key={r}
            className={`nx-chip nx-log__range--${r}${range === r ? ' nx-chip--selected' : ''}`}
            onClick={() => setRange(r)}
          >
            <Text>{RANGES[r]}</Text>
          </View>
        ))}
        <View
          className={`nx-chip nx-log__range--custom${range === 'custom' ? ' nx-chip--selected' : ''}`}
          onClick={() => setRange('custom')}
        >
          <Text>自选日期</Text>
        </View>
      </View>
      {range === 'custom' ? (
        <View className="nx-log__custom">
          <Picker
            mode="date"
            value={custom.from}
            end={today}
            onChange={(e) => setCustom({ ...custom, from: String(e.detail.value) })}
          >
            <View className="nx-chip nx-log__date nx-log__from">从 {custom.from}</View>
          </Picker>
          <Picker
            mode="date"
            value={custom.to}
            end={today}
            onChange={(e) => setCustom({ ...custom, to: String(e.detail.value) })}
          >
            <View className="nx-chip nx-log__date nx-log__to">到 {custom.to}</View>
          </Picker>
        </View>
      ) : null}
      <View className="nx-tabs">
        {(Object.keys(RESULTS) as Result[]).map((f) => (
          <View
            key={f}
            className={`nx-tabs__tab nx-tabs__tab--${f}${f === result ? ' nx-tabs__tab--active' : ''}`}
            onClick={() => setResult(f)}
          >
            <Text>{RESULTS[f]}</Text>
          </View>
        ))}
      </View>
      {result === 'denied' ? (
        <Picker
          mode="selector"
          range={['全部原因', ...REASONS.map(reasonLabel)]}
          value={reasonIndex}
          onChange={(e) => {
            const i = Number(e.detail.value);
            setReason(i === 0 ? undefined : REASONS[i - 1]);
          }}
        >
          <View className="nx-chip nx-log__reason">原因：{reason ? reasonLabel(reason) : '全部原因'} ▾</View>
        </Picker>
      ) : null}
      {invalidRange ? <Notice message="开始日期不能晚于结束日期" /> : null}
      <Button
        className="nx-button nx-button--secondary nx-log__export"
        disabled={invalidRange || undefined}
        onClick={() =>
          void downloadAuthenticated(
            accessApi.eventsCsvPath(filters),
            `通行记录-${days.from ?? '全部'}-${days.to ?? today}.csv`,
            'file',
          ).catch((e: Error) => list.fail(e.message))
        }
      >
        导出 CSV（当前筛选）
      </Button>
      {list.notice(() => void load())}
      {items.length === 0 && !list.error && !loading ? <Notice tone="info" message="没有符合条件的通行记录" /> : null}
      {items.length > 0 ? (
        <View className="nx-card">
          {items.map((e) => (
            <View key={e.id} className="nx-event">
              <Text className="nx-event__line">
                <Text className={`nx-event__result--${e.granted ? 'granted' : 'denied'}`}>
                  {e.granted ? '准入' : '拒绝'}
                </Text>{' '}
                {time(e.createdAt)} · {e.communityName ?? ''} {e.gateName ?? ''}
              </Text>
              <Text className="nx-event__line">
                {e.riderName ?? '未登记骑手'}
                {e.platform ? ` · ${PLATFORM_LABELS[e.platform]}` : ''} ·{' '}
                {e.method === 'gate_code' ? '扫门岗码' : '查验骑手码'}
                {e.granted ? '' : ` · ${reasonLabel(e.reason)}`}
              </Text>
              {e.distanceM !== null ? (
                <Text
                  className={`nx-event__line nx-event__distance${e.reason === 'TOO_FAR' ? ' nx-event__distance--far' : ''}`}
                >
                  距门岗 {formatDistance(e.distanceM)}
                </Text>
              ) : e.method === 'gate_code' ? (
                <Text className="nx-event__line nx-event__distance">未定位</Text>
              ) : null}
              {e.offline ? (
                <Text className="nx-event__line nx-event__offline">
                  离线补录：手机扫码于 {time(e.scannedAt)}，联网后才收到（未开闸，时间以手机为准）
                </Text>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}
      {cursor ? (
        <Button
          className="nx-button nx-button--secondary nx-log__more"
          disabled={loading || undefined}
          onClick={() => void load(cursor)}
        >
          {loading ? '加载中…' : '加载更多'}
        </Button>
      ) : null}
    </PageShell>
  );
}
