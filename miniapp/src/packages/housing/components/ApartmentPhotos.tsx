import { Button, Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { ApartmentPhoto } from '@nuanxin/shared/housing/schemas';
import { MAX_APARTMENT_PHOTOS } from '@nuanxin/shared/housing/constants';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { useAction } from '../../../components/useAction';
import { housingApi } from '../../../services/housing';
import type { LocalPhoto } from '../../../services/reports';

/**
 * The apartment's photos on its staff page: add (camera or album; each photo is sent as it is
 * chosen), move one forward, delete. Riders see them in this order on the apartment page.
 */
export function ApartmentPhotos({ apartmentId, initial }: { apartmentId: string; initial: ApartmentPhoto[] }) {
  const [photos, setPhotos] = useState<ApartmentPhoto[]>(initial);
  const action = useAction();

  async function add(chosen: LocalPhoto[]) {
    await action.run(async () => {
      for (const photo of chosen) setPhotos((await housingApi.addApartmentPhoto(apartmentId, photo)).items);
    }, '照片上传失败，请重试');
  }
  const remove = (photoId: string) =>
    action.run(async () => setPhotos((await housingApi.removeApartmentPhoto(apartmentId, photoId)).items));
  const forward = (i: number) => {
    const ids = photos.map((p) => p.id);
    [ids[i - 1], ids[i]] = [ids[i]!, ids[i - 1]!];
    return action.run(async () => setPhotos((await housingApi.orderApartmentPhotos(apartmentId, ids)).items));
  };

  return (
    <View className="nx-card nx-apartment-photos">
      <Text className="nx-admin__label">
        公寓照片（{photos.length}/{MAX_APARTMENT_PHOTOS}）
      </Text>
      <Text className="nx-admin__hint">
        骑手在公寓页按此顺序看到。请拍房间、床位和公共区域，不要拍到住户的脸和证件。
      </Text>
      <View className="nx-apartment-photos__list">
        {photos.map((p, i) => (
          <View key={p.id} className="nx-apartment-photos__item">
            <Image className="nx-apartment-photos__img" src={p.thumbUrl} mode="aspectFill" />
            <View className="nx-apartment-photos__actions">
              {i > 0 ? (
                <Button
                  className="nx-button nx-button--secondary nx-apartment-photos__forward"
                  disabled={action.running || undefined}
                  onClick={() => void forward(i)}
                >
                  前移
                </Button>
              ) : null}
              <Button
                className="nx-button nx-button--danger nx-apartment-photos__remove"
                disabled={action.running || undefined}
                onClick={() => void remove(p.id)}
              >
                删除
              </Button>
            </View>
          </View>
        ))}
      </View>
      {photos.length < MAX_APARTMENT_PHOTOS ? (
        <PhotoPicker
          photos={[]}
          max={MAX_APARTMENT_PHOTOS - photos.length}
          onChange={(chosen) => void add(chosen)}
          onError={(m) => action.fail(m)}
          label="拍照或选图"
          sources={['camera', 'album']}
        />
      ) : null}
      {action.running ? <Text className="nx-admin__hint">正在上传…</Text> : null}
      {action.notice()}
    </View>
  );
}
