import { Button, Text, View } from '@tarojs/components';
import './index.css';

// The board's building blocks for the 驿站覆盖 and 地图 tabs (same classes as the board's own:
// the board page's index.css styles them).

/** A plain table: a header row and rows of cells (numbers right-aligned). */
export function DashTable({ head, rows, empty }: { head: string[]; rows: (string | number)[][]; empty?: string }) {
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
      {rows.length === 0 ? <Text className="nx-card__text">{empty ?? '没有数据'}</Text> : null}
    </View>
  );
}

export function DashSection({ title, csv, children }: { title: string; csv?: () => void; children: React.ReactNode }) {
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

export function DashKpis({ items }: { items: [string, string | number][] }) {
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
export function DashToggle<K extends string>({
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
