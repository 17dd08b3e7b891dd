import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { createElement } from 'react';
import { IS_H5 } from '../../env';
import { ensurePrivacyAuthorized } from '../../services/privacy';
import type { LocalPhoto } from '../../services/reports';
import './index.css';

export interface PhotoPickerProps {
  photos: LocalPhoto[];
  max: number;
  onChange: (photos: LocalPhoto[]) => void;
  onError?: (message: string) => void;
  label?: string;
  /** weapp: where a photo may come from; default the camera only (a hazard is photographed where it is). */
  sources?: ('camera' | 'album')[];
}

/**
 * Camera-only on weapp (a hazard is photographed where it is, not picked from the album). The H5
 * build has no camera API: a file input with `capture` opens the camera on phones, a file chooser
 * on desktops (and lets the E2E test set a file).
 */
export function PhotoPicker({
  photos,
  max,
  onChange,
  onError,
  label = '拍照',
  sources = ['camera'],
}: PhotoPickerProps) {
  async function takePhoto() {
    try {
      await ensurePrivacyAuthorized();
      const res = await Taro.chooseMedia({
        count: max - photos.length,
        mediaType: ['image'],
        sourceType: sources,
        sizeType: ['compressed'],
      });
      onChange([...photos, ...res.tempFiles.map((f) => ({ preview: f.tempFilePath }))].slice(0, max));
    } catch (err) {
      const msg = String((err as { errMsg?: string })?.errMsg ?? '');
      if (!/cancel/i.test(msg)) onError?.('无法打开相机，请在设置中允许暖新使用相机');
    }
  }

  const onFiles = (event: { target: { files?: FileList | null; value: string } }) => {
    const files = Array.from(event.target.files ?? []).slice(0, max - photos.length);
    onChange([...photos, ...files.map((file) => ({ preview: URL.createObjectURL(file), file }))]);
    event.target.value = '';
  };

  return (
    <View className="nx-photos">
      {photos.map((p, i) => (
        <View key={p.preview} className="nx-photos__item">
          <Image className="nx-photos__img" src={p.preview} mode="aspectFill" />
          <Button className="nx-photos__remove" onClick={() => onChange(photos.filter((_, j) => j !== i))}>
            删除
          </Button>
        </View>
      ))}
      {photos.length < max ? (
        IS_H5 ? (
          <View className="nx-photos__add">
            <Text className="nx-photos__add-plus">＋</Text>
            <Text className="nx-photos__add-text">{label}</Text>
            {createElement('input', {
              className: 'nx-photos__input',
              type: 'file',
              accept: 'image/*',
              ...(sources.includes('album') ? {} : { capture: 'environment' }),
              'aria-label': label,
              onChange: onFiles,
            })}
          </View>
        ) : (
          <View className="nx-photos__add" onClick={() => void takePhoto()}>
            <Text className="nx-photos__add-plus">＋</Text>
            <Text className="nx-photos__add-text">{label}</Text>
          </View>
        )
      ) : null}
    </View>
  );
}
