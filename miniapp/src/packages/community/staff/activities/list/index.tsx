import { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { Activity } from '@nuanxin/shared/activities/schemas';
import { PageShell } from '../../../../../components/PageShell';
import { useAction } from '../../../../../components/useAction';
import { openRoute } from '../../../../../routes';
import {
  activitiesApi,
  scheduleOf,
  seatsOf,
  staffActivityEditUrl,
  staffRosterUrl,
} from '../../../../../services/activities';
import '../../../../../styles/admin.css';
import '../../../community.css';

/** 活动管理: the organiser's own area's activities; publish, edit, open the roster and the code. */
export default function StaffActivitiesPage() {
  const [past, setPast] = useState(false);
  const [items, setItems] = useState<Activity[] | null>(null);
  const loading = useAction({ fallback: '活动加载失败，请重试' });
  const load = useCallback(
    async (withPast = past) => {
      await loading.run(async () => setItems((await activitiesApi.managed(withPast)).items));
    },
    [past, loading.run],
  );
  useDidShow(() => void load());

  return (
    <PageShell title="活动管理" className="nx-staff-activities">
      <Button
        className="nx-button nx-button--primary nx-staff-activities__new"
        onClick={() => openRoute(staffActivityEditUrl())}
      >
        发布活动 / 课程
      </Button>
      <View className="nx-act-chips">
        <View
          className={`nx-act-chip${past ? ' nx-act-chip--on' : ''}`}
          onClick={() => {
            setPast(!past);
            void load(!past);
          }}
        >
          <Text>{past ? '✓ ' : ''}含已结束</Text>
        </View>
      </View>
      {loading.notice(() => void load())}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有活动，点上方发布</Text> : null}
      {items?.map((a) => (
        <View key={a.id} className="nx-card nx-staff-activities__item">
          <View className="nx-act-card__head">
            <Text className="nx-card__title">{a.title}</Text>
            <Text className="nx-act-card__kind">{a.kind}</Text>
          </View>
          <Text className="nx-act-card__line">{scheduleOf(a)}</Text>
          <Text className="nx-act-card__line">
            {a.address} · {seatsOf(a)}
          </Text>
          {a.cancelledAt ? (
            <Text className="nx-act-card__status nx-act-card__status--cancelled">已取消：{a.cancelReason}</Text>
          ) : null}
          <View className="nx-admin__actions">
            <Button
              className="nx-button nx-button--primary nx-staff-activities__roster"
              onClick={() => openRoute(staffRosterUrl(a.id))}
            >
              名单与签到
            </Button>
            <Button
              className="nx-button nx-button--secondary nx-staff-activities__edit"
              onClick={() => openRoute(staffActivityEditUrl(a.id))}
            >
              修改
            </Button>
          </View>
        </View>
      ))}
    </PageShell>
  );
}
