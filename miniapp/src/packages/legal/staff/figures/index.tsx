import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { CASE_KIND_LABELS, CASE_STATE_LABELS } from '@nuanxin/shared/legal/constants';
import type { LegalFigures } from '@nuanxin/shared/legal/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { legalApi } from '../../../../services/legal';
import '../../styles/legal.css';

const duration = (minutes: number | null) =>
  minutes === null
    ? '—'
    : minutes < 120
      ? `${Math.round(minutes)} 分钟`
      : `${Math.round((minutes / 60) * 10) / 10} 小时`;

function Row({ label, value }: { label: string; value: string | number }) {
  return (
    <View className="nx-legal__figure">
      <Text>{label}</Text>
      <Text className="nx-legal__figure-value">{value}</Text>
    </View>
  );
}

/** The district's figures: counts and times only (no names, no case text). */
export default function LegalFiguresPage() {
  const [f, setF] = useState<LegalFigures | null>(null);
  const loading = useAction({ anyError: true });
  const load = () => loading.run(async () => setF(await legalApi.figures()));
  useDidShow(() => void load());

  return (
    <PageShell title="法律援助数据" className="nx-legal nx-legal-figures">
      {loading.notice(() => void load())}
      {f ? (
        <>
          <View className="nx-card">
            <Text className="nx-card__title">总览</Text>
            <Row label="全部案件" value={f.total} />
            <Row label="办理中" value={f.open} />
            <Row label="已超时" value={f.overdue} />
            <Row label="受理用时（中位数）" value={duration(f.medianAcceptMinutes)} />
            <Row
              label="办结用时（中位数）"
              value={duration(f.medianCloseHours === null ? null : f.medianCloseHours * 60)}
            />
            <Row
              label="满意度"
              value={f.ratingAverage === null ? '—' : `${f.ratingAverage} 分（${f.ratingCount} 人评价）`}
            />
          </View>
          <View className="nx-card">
            <Text className="nx-card__title">按类型</Text>
            {f.byKind.length === 0 ? <Text className="nx-card__text">暂无</Text> : null}
            {f.byKind.map((k) => (
              <Row key={k.kind} label={CASE_KIND_LABELS[k.kind]} value={k.count} />
            ))}
          </View>
          <View className="nx-card">
            <Text className="nx-card__title">按状态</Text>
            {f.byState.map((s) => (
              <Row key={s.state} label={CASE_STATE_LABELS[s.state]} value={s.count} />
            ))}
          </View>
        </>
      ) : null}
    </PageShell>
  );
}
