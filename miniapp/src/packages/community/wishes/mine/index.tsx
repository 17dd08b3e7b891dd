import { useDidShow } from '@tarojs/taro';
import { Button, Text } from '@tarojs/components';
import { useState } from 'react';
import type { MyWish } from '@nuanxin/shared/wishes/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { useWrite } from '../../../../components/useAction/use-write';
import { wishesApi } from '../../../../services/wishes';
import { WishCard } from '../card';
import '../../tasks/community-tasks.css';

/** 我的心愿: each with every step and its time; 确认收到 once it is fulfilled. */
export default function MyWishesPage() {
  const [items, setItems] = useState<MyWish[] | null>(null);
  const loading = useAction();
  const load = () => loading.run(async () => setItems((await wishesApi.mine()).items));
  const write = useWrite(load);
  useDidShow(() => void load());
  return (
    <PageShell title="我的心愿" className="nx-my-wishes">
      {loading.notice(() => void load())}
      {write.done ? <Text className="nx-ctask__ok">{write.done}</Text> : null}
      {write.notice()}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有许过心愿。</Text> : null}
      {(items ?? []).map((w) => (
        <WishCard key={w.id} w={w}>
          {w.status === 'fulfilled' ? (
            <Button
              className="nx-button nx-button--primary nx-wish__received"
              disabled={write.busy || undefined}
              onClick={() => void write.run(() => wishesApi.received(w.id), '已确认收到，谢谢你的反馈')}
            >
              确认收到
            </Button>
          ) : null}
        </WishCard>
      ))}
    </PageShell>
  );
}
