import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text } from '@tarojs/components';
import { useState } from 'react';
import type { PublicSuggestion } from '@nuanxin/shared/suggestions/schemas';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { suggestionsApi } from '../../../services/suggestions';
import { ROUTES } from '../../../routes';
import { SuggestionCard } from './card';
import '../tasks/community-tasks.css';

/** 骑思妙想: everyone's suggestions (no names), most supported first; 支持 +1 once. */
export default function SuggestionsPage() {
  const [items, setItems] = useState<PublicSuggestion[] | null>(null);
  const loading = useAction();
  const action = useAction();
  const load = () => loading.run(async () => setItems((await suggestionsApi.all()).items));
  useDidShow(() => void load());

  const support = (id: string) =>
    void action.run(async () => {
      const r = await suggestionsApi.support(id);
      setItems((list) => (list ?? []).map((s) => (s.id === id ? { ...s, ...r } : s)));
    });

  return (
    <PageShell title="骑思妙想" className="nx-suggestions">
      <Text className="nx-subtitle">给驿站、社区、街道提建议。被采纳可获得积分。</Text>
      <Button
        className="nx-button nx-button--primary nx-suggestions__new"
        onClick={() => void Taro.navigateTo({ url: ROUTES.newSuggestion })}
      >
        我要提建议
      </Button>
      <Button
        className="nx-button nx-button--secondary nx-suggestions__mine"
        onClick={() => void Taro.navigateTo({ url: ROUTES.mySuggestions })}
      >
        我的建议
      </Button>
      {loading.notice(() => void load())}
      {action.notice()}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有建议，来提第一条吧。</Text> : null}
      {(items ?? []).map((s) => (
        <SuggestionCard key={s.id} s={s}>
          {s.mine ? (
            <Text className="nx-ctask__hint">我的建议</Text>
          ) : (
            <Button
              className={`nx-button ${s.supportedByMe ? 'nx-button--secondary' : 'nx-button--primary'} nx-sugg__support`}
              disabled={s.supportedByMe || action.running || undefined}
              onClick={() => support(s.id)}
            >
              {s.supportedByMe ? '已支持' : '支持 +1'}
            </Button>
          )}
        </SuggestionCard>
      ))}
    </PageShell>
  );
}
