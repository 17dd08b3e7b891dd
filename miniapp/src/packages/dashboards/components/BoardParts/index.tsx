import { Button, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.css';

// The pieces every 数据看板 tab is made of: figures in boxes, sections with a CSV button, plain tables.

export const minutes = (v: number | null) =>
  v === null
    ? '—'
    : v < 60
      ? `${Math.round(v)} 分钟`
      : v < 2880
        ? `${(v / 60).toFixed(1)} 小时`
        : `${(v / 1440).toFixed(1)} 天`;
export const share = (n: number, of: number) => (of === 0 ? '—' : `${Math.round((n / of) * 100)}%`);
export const shortDay = (d: string) => d.slice(5).replace('-', '/');

/** A plain table: a header row and rows of cells (numbers right-aligned); `empty` says why none. */
export function Table({
  head,
  rows,
  empty = '这段时间没有数据',
}: {
  head: string[];
  rows: (string | number)[][];
  empty?: string;
}) {
  return (
    <View className="nx-dash__table">
      {rows.length > 0 ? (
        <View className="nx-dash__tr nx-dash__tr--head">
          {head.map((h) => (
            <Text key={h} className="nx-dash__td">
              {h}
            </Text>
          ))}
        </View>
      ) : null}
      {rows.map((r, i) => (
        <View key={i} className="nx-dash__tr">
          {r.map((c, j) => (
            <Text key={j} className={typeof c === 'number' ? 'nx-dash__td nx-dash__td--num' : 'nx-dash__td'}>
              {c}
            </Text>
          ))}
        </View>
      ))}
      {rows.length === 0 ? <Text className="nx-card__text">{empty}</Text> : null}
    </View>
  );
}

export function Section({ title, csv, children }: { title: string; csv?: () => void; children: ReactNode }) {
  return (
    <View className="nx-card nx-dash__section">
      <View className="nx-dash__section-head">
        <Text className="nx-card__title">{title}</Text>
        {csv ? (
          <Button className="nx-dash__csv" size="mini" onClick={csv}>
            导出 CSV
          </Button>
        ) : null}
      </View>
      {children}
    </View>
  );
}

export function Kpis({ items }: { items: [string, string | number][] }) {
  return (
    <View className="nx-dash__kpis">
      {items.map(([label, v]) => (
        <View key={label} className="nx-dash__kpi">
          <Text className="nx-dash__kpi-value">{v}</Text>
          <Text className="nx-dash__kpi-label">{label}</Text>
        </View>
      ))}
    </View>
  );
}

/** A row of chips, one selected (single) or several (multi). */
export function Toggle<K extends string>({
  options,
  isOn,
  onPick,
  label,
}: {
  options: readonly (readonly [K, string])[];
  isOn: (k: K) => boolean;
  onPick: (k: K) => void;
  label: string;
}) {
  return (
    <View className="nx-chips nx-dash__toggle" aria-label={label}>
      <Text className="nx-dash__toggle-label">{label}</Text>
      {options.map(([k, text]) => (
        <Text
          key={k}
          className={isOn(k) ? 'nx-chip nx-chip--selected' : 'nx-chip'}
          aria-pressed={isOn(k)}
          onClick={() => onPick(k)}
        >
          {text}
        </Text>
      ))}
    </View>
  );
}

export const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);
export const metres = (m: number | null) =>
  m === null ? '—' : m < 1000 ? `${m} 米` : `${(m / 1000).toFixed(m < 10_000 ? 2 : 1)} 公里`;
