import Taro, { useDidShow } from '@tarojs/taro';
import { Text } from '@tarojs/components';
import { useState } from 'react';
import type { Report } from '@nuanxin/shared/reports/schemas';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { reportsApi } from '../../../services/reports';
import { ReportCard } from '../components/ReportCard';
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
        <ReportCard
          key={r.id}
          report={r}
          showStreet
          onClick={() => void Taro.navigateTo({ url: reportDetailUrl(r.id) })}
        />
      ))}
    </PageShell>
  );
}
