import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text } from '@tarojs/components';
import { useState } from 'react';
import type { WallWish } from '@nuanxin/shared/wishes/schemas';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { wishesApi } from '../../../services/wishes';
import { ROUTES } from '../../../routes';
import { WishCard } from './card';
import '../tasks/community-tasks.css';

/** 心愿墙: approved wishes and who adopted them — no names, no phones. */
export default function WishWallPage() {
  const [items, setItems] = useState<WallWish[] | null>(null);
  const loading = useAction();
  const load = () => loading.run(async () => setItems((await wishesApi.wall()).items));
  useDidShow(() => void load());
  return (
    <PageShell title="微心愿" className="nx-wishes">
      <Text className="nx-subtitle">说出一个小心愿，社区和爱心单位帮你实现。心愿墙不显示姓名和电话。</Text>
      <Button
        className="nx-button nx-button--primary nx-wishes__new"
        onClick={() => void Taro.navigateTo({ url: ROUTES.newWish })}
      >
        许个心愿
      </Button>
      <Button
        className="nx-button nx-button--secondary nx-wishes__mine"
        onClick={() => void Taro.navigateTo({ url: ROUTES.myWishes })}
      >
        我的心愿
      </Button>
      {loading.notice(() => void load())}
      {items && items.length === 0 ? <Text className="nx-subtitle">心愿墙上还没有心愿。</Text> : null}
      {(items ?? []).map((w) => (
        <WishCard key={w.id} w={w} />
      ))}
    </PageShell>
  );
}
