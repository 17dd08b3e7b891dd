import Taro, { useDidShow } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { REPORT_STATE_LABELS } from '@nuanxin/shared/reports/constants';
import type { Report } from '@nuanxin/shared/reports/schemas';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { formatTime } from '../../../utils/format';
import { mediaUrl, reportsApi } from '../../../services/reports';
import '../styles/report.css';
import { reportDetailUrl } from '../../../routes';

export default function MyReportsPage() {
  const [items, setItems] = useState<Report[] | null>(null);
  const loading = useAction({ anyError: true });
  const load = () => loading.run(async () => setItems((await reportsApi.mine()).items));
  useDidShow(() => void load());

  return (
    <PageShell title="我的上报" className="nx-my-reports">
      {loading.notice(() => void load())}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有上报，去随手拍吧。</Text> : null}
      {(items ?? []).map((r) => (
        <View
          key={r.id}
          className="nx-card nx-report-card"
          onClick={() => void Taro.navigateTo({ url: reportDetailUrl(r.id) })}
        >
          {r.photos[0] ? (
            <Image className="nx-report-card__thumb" src={mediaUrl(r.photos[0].thumbUrl)} mode="aspectFill" />
          ) : null}
          <View className="nx-report-card__body">
            <Text className="nx-card__title">{r.category.name}</Text>
            <Text className={`nx-state nx-state--${r.state}`}>{REPORT_STATE_LABELS[r.state]}</Text>
            <Text className="nx-card__text">
              {formatTime(r.createdAt)}
              {r.streetName ? ` · ${r.streetName}` : ''}
            </Text>
          </View>
        </View>
      ))}
    </PageShell>
  );
}
