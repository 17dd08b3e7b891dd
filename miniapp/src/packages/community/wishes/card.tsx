import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { mediaUrl } from '../../../services/reports';
import type { ReactNode } from 'react';
import type { MyWish, WallWish } from '@nuanxin/shared/wishes/schemas';
import { WISH_STATUS_LABELS, WISH_STEP_LABELS, WISH_TARGET_LABELS } from '@nuanxin/shared/wishes/constants';
import { formatTime } from '../tasks/format';

/** A photo thumbnail that opens full size. */
function Photo(props: { links: { url: string; thumbUrl: string }; label: string; hook: string }) {
  return (
    <View className={`nx-wish__photo ${props.hook}`}>
      <Text className="nx-ctask__meta">{props.label}</Text>
      <Image
        className="nx-ctask__photo"
        src={mediaUrl(props.links.thumbUrl)}
        mode="aspectFill"
        onClick={() => void Taro.previewImage({ urls: [mediaUrl(props.links.url)] })}
      />
    </View>
  );
}

/**
 * One wish: category, text, place, state and adopter; with its steps when it has them. Photos as
 * the server gave them: the rider's own (rider, staff), the fulfilment's (on the wall only when
 * staff marked it public).
 */
export function WishCard(props: { w: WallWish | MyWish; children?: ReactNode }) {
  const { w } = props;
  const badge =
    w.status === 'rejected'
      ? 'nx-ctask__badge--off'
      : w.status === 'fulfilled' || w.status === 'received'
        ? 'nx-ctask__badge--ok'
        : '';
  const steps = 'steps' in w ? w.steps : null;
  return (
    <View className={`nx-card nx-wish nx-wish--${w.status}`}>
      <Text className={`nx-ctask__badge nx-wish__status ${badge}`}>{WISH_STATUS_LABELS[w.status]}</Text>
      <Text className="nx-ctask__badge nx-ctask__badge--off">{w.category}</Text>
      <Text className="nx-card__text nx-wish__body">{w.body}</Text>
      <Text className="nx-ctask__meta">
        {WISH_TARGET_LABELS[w.targetKind]}：{w.targetName} · {formatTime(w.createdAt)}
      </Text>
      {w.adopterName ? <Text className="nx-ctask__reply nx-wish__adopter">认领：{w.adopterName}</Text> : null}
      {'rejectReason' in w && w.rejectReason ? (
        <Text className="nx-ctask__reply">未通过原因：{w.rejectReason}</Text>
      ) : null}
      {'fulfilNote' in w && w.fulfilNote ? <Text className="nx-ctask__reply">实现说明：{w.fulfilNote}</Text> : null}
      {'photo' in w && w.photo ? <Photo links={w.photo} label="心愿照片" hook="nx-wish__own-photo" /> : null}
      {w.fulfilPhoto ? <Photo links={w.fulfilPhoto} label="实现照片" hook="nx-wish__fulfil-photo" /> : null}
      {steps ? (
        <View className="nx-wish__steps">
          {steps.map((s, i) => (
            <Text key={`${s.step}-${i}`} className="nx-ctask__meta nx-wish__step">
              {formatTime(s.at)} {WISH_STEP_LABELS[s.step]}
              {s.note ? `（${s.note}）` : ''}
            </Text>
          ))}
        </View>
      ) : null}
      {props.children}
    </View>
  );
}
