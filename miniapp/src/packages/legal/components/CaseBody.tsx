import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  CASE_KIND_LABELS,
  CASE_OUTCOME_LABELS,
  CASE_STATE_LABELS,
  CONTACT_PREFERENCE_LABELS,
} from '@nuanxin/shared/legal/constants';
import type { CaseDetail } from '@nuanxin/shared/legal/schemas';
import { formatDateTime } from '../../../utils/format';
import { legalMediaUrl } from '../../../services/legal';
import { CaseTimeline } from './CaseTimeline';

/** What the rider wrote, the photos, the outcome and the timeline: the same for both sides. */
export function CaseBody({ c }: { c: CaseDetail }) {
  const preview = (url: string) =>
    void Taro.previewImage({ urls: c.attachments.map((a) => legalMediaUrl(a.url)), current: legalMediaUrl(url) });
  return (
    <>
      <View className="nx-card">
        <View className="nx-legal__item-head">
          <Text className="nx-legal__kind">{CASE_KIND_LABELS[c.kind]}</Text>
          <Text className={`nx-legal__state nx-legal__state--${c.state}`}>{CASE_STATE_LABELS[c.state]}</Text>
        </View>
        {c.overdue ? (
          <Text className="nx-legal__overdue">{c.overdue === 'accept' ? '超时未受理' : '超时未办结'}</Text>
        ) : null}
        <Text className="nx-card__text">
          {c.districtName}调解中心 · 提交于 {formatDateTime(c.createdAt)}
        </Text>
        {c.riderNameMasked ? <Text className="nx-card__text">当事人：{c.riderNameMasked}</Text> : null}
        <Text className="nx-card__text">
          联系方式：{CONTACT_PREFERENCE_LABELS[c.contactPreference]}
          {c.contactPhoneMasked ? ` · ${c.contactPhoneMasked}` : ''}
        </Text>
        {c.mediatorName ? <Text className="nx-card__text">调解员：{c.mediatorName}</Text> : null}
        {c.nextAppointmentAt ? (
          <Text className="nx-card__text">下次面谈：{formatDateTime(c.nextAppointmentAt)}</Text>
        ) : null}
        {c.referredTo ? <Text className="nx-card__text">已转介至：{c.referredTo}</Text> : null}
        {c.outcome ? <Text className="nx-card__text">办结结果：{CASE_OUTCOME_LABELS[c.outcome]}</Text> : null}
        {c.rating ? (
          <Text className="nx-card__text">
            评价：{'★'.repeat(c.rating)}
            {c.ratingComment ? ` ${c.ratingComment}` : ''}
          </Text>
        ) : null}
      </View>
      <View className="nx-card">
        <Text className="nx-legal__field">
          <Text className="nx-legal__field-name">事情经过：</Text>
          {c.description}
        </Text>
        {c.otherParty ? (
          <Text className="nx-legal__field">
            <Text className="nx-legal__field-name">对方：</Text>
            {c.otherParty}
          </Text>
        ) : null}
        <Text className="nx-legal__field">
          <Text className="nx-legal__field-name">诉求：</Text>
          {c.request}
        </Text>
        {c.attachments.length > 0 ? (
          <View className="nx-legal__photos">
            {c.attachments.map((a) => (
              <Image
                key={a.id}
                className="nx-legal__photo"
                src={legalMediaUrl(a.thumbUrl)}
                mode="aspectFill"
                onClick={() => preview(a.url)}
              />
            ))}
          </View>
        ) : null}
      </View>
      <View className="nx-card">
        <Text className="nx-card__title">办理进展</Text>
        <CaseTimeline updates={c.updates} />
      </View>
    </>
  );
}
