import Taro from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import type { WishTargetList } from '@nuanxin/shared/wishes/schemas';
import { WISH_CATEGORIES, WISH_TARGET_LABELS, type WishCategory } from '@nuanxin/shared/wishes/constants';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { wishesApi } from '../../../../services/wishes';
import type { LocalPhoto } from '../../../../services/reports';
import { PhotoPicker } from '../../../../components/PhotoPicker';
import { ROUTES } from '../../../../routes';
import { TargetPicker } from '../../components/TargetPicker';
import '../../tasks/community-tasks.css';

type Target = WishTargetList['items'][number];

/** 许个心愿: to which community or street (search by name), a category, the wish and an optional photo. */
export default function NewWishPage() {
  const [target, setTarget] = useState<Target | null>(null);
  const [category, setCategory] = useState<WishCategory | null>(null);
  const [body, setBody] = useState('');
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const submit = useAction();

  async function onSubmit() {
    if (!target) return submit.fail('请选择心愿交给哪个社区或街道');
    if (!category) return submit.fail('请选择心愿类别');
    if (!body.trim()) return submit.fail('请填写心愿内容');
    const wish = { targetKind: target.kind, targetId: target.id, category, body: body.trim() };
    const photo = photos[0];
    const ok = await submit.run(() => (photo ? wishesApi.submitWithPhoto(wish, photo) : wishesApi.submit(wish)));
    if (ok) {
      void Taro.showToast({ title: '已提交，等待审核', icon: 'none' });
      void Taro.redirectTo({ url: ROUTES.myWishes });
    }
  }

  return (
    <PageShell title="许个心愿" className="nx-new-wish">
      <Text className="nx-ctask__label">交给</Text>
      <TargetPicker
        value={target}
        onChange={setTarget}
        search={wishesApi.targets}
        labels={WISH_TARGET_LABELS}
        placeholder="输入社区或街道名称"
        hook="nx-new-wish"
      />
      <Text className="nx-ctask__label">心愿类别</Text>
      <View className="nx-ctask__choices">
        {WISH_CATEGORIES.map((c) => (
          <Text
            key={c}
            className={`nx-ctask__choice nx-new-wish__category${category === c ? ' nx-ctask__choice--on' : ''}`}
            onClick={() => setCategory(c)}
          >
            {c}
          </Text>
        ))}
      </View>
      <Text className="nx-ctask__label">心愿内容</Text>
      <Textarea
        className="nx-ctask__input nx-ctask__textarea nx-new-wish__body"
        value={body}
        maxlength={300}
        placeholder="想要什么，为什么需要（不要写姓名、电话）"
        onInput={(e) => setBody(e.detail.value)}
      />
      <Text className="nx-ctask__label">照片（可选，仅审核的工作人员可见，不上心愿墙）</Text>
      <PhotoPicker
        photos={photos}
        max={1}
        onChange={setPhotos}
        onError={(m) => submit.fail(m)}
        label="添加照片"
        sources={['album', 'camera']}
      />
      {submit.notice()}
      <Button
        className="nx-button nx-button--primary nx-new-wish__submit"
        disabled={submit.running || undefined}
        onClick={() => void onSubmit()}
      >
        提交心愿
      </Button>
    </PageShell>
  );
}
