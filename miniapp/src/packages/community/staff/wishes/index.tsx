import { useDidShow } from '@tarojs/taro';
import { Button, Input, Switch, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { StaffWish } from '@nuanxin/shared/wishes/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { useWrite } from '../../../../components/useAction/use-write';
import { wishesApi } from '../../../../services/wishes';
import { WishCard } from '../../wishes/card';
import type { LocalPhoto } from '../../../../services/reports';
import { PhotoPicker } from '../../../../components/PhotoPicker';
import '../../tasks/community-tasks.css';

/** The next step of one wish: review (通过 / 不通过 with a reason), adopt (认领), fulfil (实现). */
function Handle(props: { w: StaffWish; write: ReturnType<typeof useWrite> }) {
  const { w, write } = props;
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const [isPublic, setPublic] = useState(false);
  const busy = write.busy || undefined;
  const reset = (ok: boolean) => ok && setText('');
  return (
    <View className="nx-wish-handle">
      <Text className="nx-ctask__meta">
        许愿人：{w.riderNameMasked}
        {w.phoneMasked ? ` · ${w.phoneMasked}` : ''}
      </Text>
      {w.status === 'submitted' ? (
        <>
          <Input
            className="nx-ctask__input nx-wish-handle__reason"
            value={text}
            maxlength={200}
            placeholder="不通过原因"
            onInput={(e) => setText(e.detail.value)}
          />
          <View className="nx-ctask__row">
            <Button
              className="nx-button nx-button--primary nx-wish-handle__approve"
              disabled={busy}
              onClick={() =>
                void write.run(() => wishesApi.review(w.id, { decision: 'approved' }), '已通过，心愿已上墙').then(reset)
              }
            >
              通过
            </Button>
            <Button
              className="nx-button nx-button--danger nx-wish-handle__reject"
              disabled={busy}
              onClick={() => {
                if (!text.trim()) return write.setError('不通过时请填写原因');
                void write
                  .run(() => wishesApi.review(w.id, { decision: 'rejected', reason: text.trim() }), '已标记为不通过')
                  .then(reset);
              }}
            >
              不通过
            </Button>
          </View>
        </>
      ) : null}
      {w.status === 'approved' ? (
        <>
          <Input
            className="nx-ctask__input nx-wish-handle__adopter"
            value={text}
            maxlength={40}
            placeholder="认领人或单位名称"
            onInput={(e) => setText(e.detail.value)}
          />
          <Button
            className="nx-button nx-button--primary nx-wish-handle__adopt"
            disabled={busy}
            onClick={() => {
              if (!text.trim()) return write.setError('请填写认领人或单位');
              void write.run(() => wishesApi.adopt(w.id, text.trim()), '已认领').then(reset);
            }}
          >
            认领
          </Button>
        </>
      ) : null}
      {w.status === 'adopted' ? (
        <>
          <Input
            className="nx-ctask__input nx-wish-handle__note"
            value={text}
            maxlength={300}
            placeholder="实现说明（如：书包已送到驿站）"
            onInput={(e) => setText(e.detail.value)}
          />
          <PhotoPicker
            photos={photos}
            max={1}
            onChange={setPhotos}
            onError={(m) => write.setError(m)}
            label="实现照片"
            sources={['camera', 'album']}
          />
          {photos.length > 0 ? (
            <View className="nx-ctask__row nx-wish-handle__public">
              <Switch checked={isPublic} onChange={(e) => setPublic(e.detail.value)} />
              <Text className="nx-ctask__meta">照片可公开到心愿墙（确认照片中没有人脸、姓名、门牌或车牌）</Text>
            </View>
          ) : null}
          <Button
            className="nx-button nx-button--primary nx-wish-handle__fulfil"
            disabled={busy}
            onClick={() => {
              if (!text.trim()) return write.setError('请填写实现说明');
              const photo = photos[0];
              void write
                .run(
                  () =>
                    photo
                      ? wishesApi.fulfilPhoto(w.id, text.trim(), photo, isPublic)
                      : wishesApi.fulfil(w.id, text.trim()),
                  '已标记为已实现，等待骑手确认',
                )
                .then((ok) => {
                  reset(ok);
                  if (ok) setPhotos([]);
                });
            }}
          >
            已实现
          </Button>
        </>
      ) : null}
    </View>
  );
}

/** 微心愿（本辖区）: review, adopt and fulfil the scope's wishes. */
export default function StaffWishesPage() {
  const [items, setItems] = useState<StaffWish[] | null>(null);
  const loading = useAction();
  const load = () => loading.run(async () => setItems((await wishesApi.staffList()).items));
  const write = useWrite(load);
  useDidShow(() => void load());
  return (
    <PageShell title="微心愿" className="nx-staff-wishes">
      {loading.notice(() => void load())}
      {write.done ? <Text className="nx-ctask__ok">{write.done}</Text> : null}
      {write.notice()}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有收到心愿。</Text> : null}
      {(items ?? []).map((w) => (
        <WishCard key={w.id} w={w}>
          <Handle w={w} write={write} />
        </WishCard>
      ))}
    </PageShell>
  );
}
