import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { CaseSummary } from '@nuanxin/shared/legal/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { legalApi, staffCaseUrl } from '../../../../services/legal';
import { CaseCard } from '../../components/CaseCard';
import '../../styles/legal.css';

const GROUPS = [
  { key: 'open', label: '待办' },
  { key: 'done', label: '已办结/转介' },
] as const;

/** The centre's inbox: the district's cases, the most pressing deadline first, overdue marked. */
export default function LegalInboxPage() {
  const [group, setGroup] = useState<'open' | 'done'>('open');
  const [items, setItems] = useState<CaseSummary[] | null>(null);
  const loading = useAction({ anyError: true });
  const load = (g = group) => loading.run(async () => setItems((await legalApi.inbox(g)).items));
  useDidShow(() => void load());
  const overdue = (items ?? []).filter((i) => i.overdue).length;

  return (
    <PageShell title="调解中心案件" className="nx-legal nx-legal-inbox">
      <View className="nx-legal__chips">
        {GROUPS.map((g) => (
          <Button
            key={g.key}
            className={`nx-legal__chip${g.key === group ? ' nx-legal__chip--on' : ''}`}
            onClick={() => {
              setGroup(g.key);
              void load(g.key);
            }}
          >
            {g.label}
          </Button>
        ))}
        <Button
          className="nx-legal__chip"
          onClick={() => void Taro.navigateTo({ url: '/packages/legal/staff/figures/index' })}
        >
          数据
        </Button>
      </View>
      {group === 'open' && overdue > 0 ? <Text className="nx-legal__overdue">{overdue} 件已超时</Text> : null}
      {loading.notice(() => void load())}
      {items && items.length === 0 ? <Text className="nx-subtitle">暂无案件</Text> : null}
      {(items ?? []).map((c) => (
        <CaseCard key={c.id} item={c} staff onClick={() => void Taro.navigateTo({ url: staffCaseUrl(c.id) })} />
      ))}
    </PageShell>
  );
}
