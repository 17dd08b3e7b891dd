import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { CaseSummary } from '@nuanxin/shared/legal/schemas';
import { PageShell } from '../../components/PageShell';
import { useAction } from '../../components/useAction';
import { caseUrl, legalApi } from '../../services/legal';
import { CaseCard } from './components/CaseCard';
import './styles/legal.css';

/** 法律援助: what the centre does, 我要求助, and the rider's own cases. */
export default function LegalHomePage() {
  const [items, setItems] = useState<CaseSummary[] | null>(null);
  const loading = useAction({ anyError: true });
  const load = () => loading.run(async () => setItems((await legalApi.mine()).items));
  useDidShow(() => void load());

  return (
    <PageShell title="法律援助" className="nx-legal">
      <View className="nx-card nx-legal__intro">
        <Text className="nx-card__title">一站式调解中心</Text>
        <Text className="nx-card__text">
          欠薪、交通事故、职业伤害、平台纠纷、劳动合同……提交后由你所在区的调解中心 2
          个工作日内受理，安排调解员调处，办结后告诉你结果。
        </Text>
        <Text className="nx-card__text">案情只有你和调解中心工作人员能看到。</Text>
      </View>
      <Button
        className="nx-button nx-button--primary nx-legal__new"
        onClick={() => void Taro.navigateTo({ url: '/packages/legal/new/index' })}
      >
        我要求助
      </Button>
      <Text className="nx-legal__label">我的求助</Text>
      {loading.notice(() => void load())}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有求助记录</Text> : null}
      {(items ?? []).map((c) => (
        <CaseCard key={c.id} item={c} onClick={() => void Taro.navigateTo({ url: caseUrl(c.id) })} />
      ))}
    </PageShell>
  );
}
