import { useDidShow } from '@tarojs/taro';
import { Text } from '@tarojs/components';
import { useState } from 'react';
import type { PublicSuggestion } from '@nuanxin/shared/suggestions/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { suggestionsApi } from '../../../../services/suggestions';
import { SuggestionCard } from '../card';
import '../../tasks/community-tasks.css';

/** 我的建议: each with its state, the staff's reply and, when not adopted, the reason. */
export default function MySuggestionsPage() {
  const [items, setItems] = useState<PublicSuggestion[] | null>(null);
  const loading = useAction();
  const load = () => loading.run(async () => setItems((await suggestionsApi.mine()).items));
  useDidShow(() => void load());
  return (
    <PageShell title="我的建议" className="nx-my-suggestions">
      {loading.notice(() => void load())}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有提过建议。</Text> : null}
      {(items ?? []).map((s) => (
        <SuggestionCard key={s.id} s={s} />
      ))}
    </PageShell>
  );
}
