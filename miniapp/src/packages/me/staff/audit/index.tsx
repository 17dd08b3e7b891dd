import { Button, Input, Picker, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditEntryView } from '@nuanxin/shared/audit/schemas';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_FIELD_LABELS,
  AUDIT_TARGET_KIND_LABELS,
  AUDIT_VALUE_LABELS,
} from '@nuanxin/shared/audit/constants';
import { ROLE_LABELS, type Role } from '@nuanxin/shared/auth/constants';
import { Notice } from '../../../../components/Notice';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { auditApi, type AuditFilters } from '../../../../services/audit';
import { downloadAuthenticated } from '../../../../services/download';
import '../../../../styles/staff.css';
import './index.css';

const DAY_MS = 86_400_000;
/** Calendar days in Beijing time, whatever the phone's zone. */
const chinaDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

type Range = 'today' | 'week' | 'month' | 'any';
const RANGES: Record<Range, string> = { today: '今天', week: '近 7 天', month: '近 30 天', any: '不限' };

function rangeDays(range: Range, now: number): { from?: string; to?: string } {
  const today = chinaDay(now);
  switch (range) {
    case 'today':
      return { from: today, to: today };
    case 'week':
      return { from: chinaDay(now - 6 * DAY_MS), to: today };
    case 'month':
      return { from: chinaDay(now - 29 * DAY_MS), to: today };
    case 'any':
      return {};
  }
}

/** The action families (the part before the dot), each labelled by its target kind. */
const FAMILIES: readonly { value: string; label: string }[] = [
  { value: 'pass', label: '通行证' },
  { value: 'rider', label: '骑手' },
  { value: 'gate', label: '门岗' },
  { value: 'guide', label: '楼栋指引' },
  { value: 'report', label: '随手拍' },
  { value: 'category', label: '上报类别' },
  { value: 'team', label: '处置队伍' },
  { value: 'route', label: '派单路由' },
  { value: 'reward', label: '兑换商品' },
  { value: 'rule', label: '积分规则' },
  { value: 'points', label: '积分' },
  { value: 'invitation', label: '员工邀请' },
  { value: 'agreement', label: '共建协议' },
  { value: 'street', label: '街道' },
  { value: 'community', label: '小区' },
  { value: 'shop', label: '商户' },
  { value: 'station', label: '驿站' },
  { value: 'import', label: '导入' },
];
/** The picker's rows: 全部, each family, then every single action. */
const ACTION_CHOICES: readonly { value?: string; label: string }[] = [
  { label: '全部操作' },
  ...FAMILIES.map((f) => ({ value: f.value, label: `${f.label}（全部）` })),
  ...Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label })),
];
const KIND_CHOICES: readonly { value?: string; label: string }[] = [
  { label: '全部对象' },
  ...Object.entries(AUDIT_TARGET_KIND_LABELS).map(([value, label]) => ({ value, label })),
];

export const actionLabel = (action: string) => AUDIT_ACTION_LABELS[action] ?? action;
export const fieldLabel = (field: string) => AUDIT_FIELD_LABELS[field] ?? field;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A before/after value as people read it: 是/否, 空, a short id, a trimmed object. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '空';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string') return UUID.test(v) ? `#${v.slice(0, 8)}` : (AUDIT_VALUE_LABELS[v] ?? v);
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `${v.length} 项`;
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

const time = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${d.slice(5, 10)} ${d.slice(11, 19)}`;
};

function placeOf(e: AuditEntryView): string {
  return [e.communityName, e.merchantName, e.streetName, e.districtName].find((n) => n) ?? '';
}

function Entry({ e }: { e: AuditEntryView }) {
  return (
    <View className="nx-audit__entry">
      <View className="nx-audit__head">
        <Text className="nx-audit__action">{actionLabel(e.action)}</Text>
        <Text className="nx-audit__time">{time(e.at)}</Text>
      </View>
      <Text className="nx-audit__line">
        {e.actorName || '系统'} ·{' '}
        {ROLE_LABELS[e.actorRole as Role] ?? (e.actorRole === 'system' ? '系统' : e.actorRole)}
      </Text>
      <Text className="nx-audit__line nx-audit__where">
        {AUDIT_TARGET_KIND_LABELS[e.targetKind] ?? e.targetKind}
        {placeOf(e) ? ` · ${placeOf(e)}` : ''}
      </Text>
      {e.changes.length > 0 ? (
        <View className="nx-audit__changes">
          {e.changes.map((c) => (
            <View key={c.field} className="nx-audit__change">
              <Text className="nx-audit__field">{fieldLabel(c.field)}</Text>
              <Text className="nx-audit__before">{valueText(c.before)}</Text>
              <Text className="nx-audit__arrow"> → </Text>
              <Text className="nx-audit__after">{valueText(c.after)}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}

/**
 * 操作记录: every staff write in the caller's scope (district, street, communities, shop), newest
 * first; filter by days, action, who and what; 加载更多 pages on; export the filtered set as CSV.
 */
export default function StaffAuditPage() {
  const [range, setRange] = useState<Range>('week');
  const [action, setAction] = useState<string | undefined>(undefined);
  const [targetKind, setTargetKind] = useState<string | undefined>(undefined);
  const [actorInput, setActorInput] = useState('');
  const [actor, setActor] = useState('');
  const [items, setItems] = useState<AuditEntryView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const list = useAction({ fallback: '加载失败，请重试' });
  const loading = list.running;

  const days = rangeDays(range, Date.now());
  const filters: AuditFilters = useMemo(
    () => ({ ...days, action, targetKind, actor: actor || undefined }),
    [days.from, days.to, action, targetKind, actor],
  );

  const load = useCallback(
    async (more?: string) => {
      await list.run(async () => {
        const page = await auditApi.list({ ...filters, ...(more ? { cursor: more } : {}) });
        setItems((prev) => (more ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      });
    },
    [filters, list.run],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const actionIndex = Math.max(
    0,
    ACTION_CHOICES.findIndex((c) => c.value === action),
  );
  const kindIndex = Math.max(
    0,
    KIND_CHOICES.findIndex((c) => c.value === targetKind),
  );

  return (
    <PageShell title="操作记录" className="nx-audit">
      <View className="nx-chips nx-audit__ranges">
        {(Object.keys(RANGES) as Range[]).map((r) => (
          <View
            key={r}
            className={`nx-chip nx-audit__range--${r}${range === r ? ' nx-chip--selected' : ''}`}
            onClick={() => setRange(r)}
          >
            <Text>{RANGES[r]}</Text>
          </View>
        ))}
      </View>
      <View className="nx-audit__pickers">
        <Picker
          mode="selector"
          range={ACTION_CHOICES.map((c) => c.label)}
          value={actionIndex}
          onChange={(e) => setAction(ACTION_CHOICES[Number(e.detail.value)]?.value)}
        >
          <View className="nx-chip nx-audit__action-filter">{ACTION_CHOICES[actionIndex]!.label} ▾</View>
        </Picker>
        <Picker
          mode="selector"
          range={KIND_CHOICES.map((c) => c.label)}
          value={kindIndex}
          onChange={(e) => setTargetKind(KIND_CHOICES[Number(e.detail.value)]?.value)}
        >
          <View className="nx-chip nx-audit__kind-filter">{KIND_CHOICES[kindIndex]!.label} ▾</View>
        </Picker>
      </View>
      <View className="nx-audit__search">
        <Input
          className="nx-audit__input"
          value={actorInput}
          maxlength={40}
          placeholder="操作人姓名"
          confirmType="search"
          onInput={(e) => setActorInput(e.detail.value)}
          onConfirm={() => setActor(actorInput.trim())}
        />
        <Button className="nx-button nx-button--primary nx-audit__find" onClick={() => setActor(actorInput.trim())}>
          查找
        </Button>
      </View>
      <Button
        className="nx-button nx-button--secondary nx-audit__export"
        onClick={() =>
          void downloadAuthenticated(
            auditApi.csvPath(filters),
            `操作记录-${days.from ?? '全部'}-${days.to ?? chinaDay(Date.now())}.csv`,
            'file',
          ).catch((e: Error) => list.fail(e.message))
        }
      >
        导出 CSV（当前筛选）
      </Button>
      {list.notice(() => void load())}
      {items.length === 0 && !list.error && !loading ? <Notice tone="info" message="没有符合条件的操作记录" /> : null}
      {items.length > 0 ? (
        <View className="nx-card nx-audit__list">
          {items.map((e) => (
            <Entry key={e.id} e={e} />
          ))}
        </View>
      ) : null}
      {cursor ? (
        <Button
          className="nx-button nx-button--secondary nx-audit__more"
          disabled={loading || undefined}
          onClick={() => void load(cursor)}
        >
          {loading ? '加载中…' : '加载更多'}
        </Button>
      ) : null}
    </PageShell>
  );
}
