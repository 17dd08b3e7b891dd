import { Text, View } from '@tarojs/components';
import type { Suspension } from '@nuanxin/shared/access/schemas';
import { SUSPENDER_LABELS } from '@nuanxin/shared/access/constants';
import { formatDateTime } from '../../../../utils/format';
import './index.css';

export interface SuspensionNoticeProps {
  suspension: Suspension;
  /** rider: what happened and what to do; staff: a compact line in a list. */
  audience: 'rider' | 'staff';
}

/** A suspended rider's access: since when, at which level, and why (the rider is told the reason). */
export function SuspensionNotice({ suspension, audience }: SuspensionNoticeProps) {
  const by = SUSPENDER_LABELS[suspension.byRole];
  if (audience === 'staff') {
    return (
      <View className="nx-suspension nx-suspension--staff">
        <Text className="nx-suspension__title">通行资格已暂停（{by}）</Text>
        <Text className="nx-suspension__text">
          {formatDateTime(suspension.since)} · 原因：{suspension.reason}
        </Text>
      </View>
    );
  }
  return (
    <View className="nx-suspension nx-suspension--rider">
      <Text className="nx-suspension__title">你的通行资格已暂停</Text>
      <Text className="nx-suspension__text">原因：{suspension.reason}</Text>
      <Text className="nx-suspension__text">
        {by}工作人员于 {formatDateTime(suspension.since)} 暂停。暂停期间扫码进门和出示骑手码都不能通行。
      </Text>
      <Text className="nx-suspension__next">
        如有疑问，请联系社区或{by === '区' ? '区里' : '街道'}工作人员；恢复后即可正常进门。
      </Text>
    </View>
  );
}
