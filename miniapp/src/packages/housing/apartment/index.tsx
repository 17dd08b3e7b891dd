import Taro from '@tarojs/taro';
import { Button, Image, Input, ScrollView, Text, Textarea, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { Apartment } from '@nuanxin/shared/housing/schemas';
import { FACILITY_LABELS, ROOM_GENDER_LABELS, ROOM_GENDERS, type RoomGender } from '@nuanxin/shared/housing/constants';
import { Notice } from '../../../components/Notice';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { housingApi } from '../../../services/housing';
import { askHousingSubscriptions } from '../../../services/subscriptions';
import { ROUTES } from '../../../routes';
import '../../../styles/staff.css';
import '../housing.css';

const tomorrow = () => new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);

/** One apartment: rules, costs, facilities, rooms with free beds; the application form. */
export default function ApartmentPage() {
  const { params } = Taro.useRouter();
  const id = params.id ?? '';
  const [a, setA] = useState<Apartment | null>(null);
  const [fromDate, setFromDate] = useState(tomorrow());
  const [months, setMonths] = useState('3');
  const [gender, setGender] = useState<RoomGender>('male');
  const [needs, setNeeds] = useState('');
  const load = useAction();
  const submit = useAction();

  const fetch = useCallback(async () => {
    await load.run(async () => setA(await housingApi.apartment(id)), '加载失败，请重试');
  }, [id, load.run]);
  useEffect(() => {
    void fetch();
  }, [fetch]);

  async function apply() {
    // Asked first, in the tap itself (WeChat allows the request only from a user's tap).
    const subscriptions = await askHousingSubscriptions();
    const ok = await submit.run(async () => {
      await housingApi.apply({
        apartmentId: id,
        fromDate: fromDate.trim(),
        months: Number(months),
        gender,
        needs,
        ...(subscriptions.length > 0 ? { subscriptions } : {}),
      });
    });
    if (!ok) return;
    void Taro.showToast({ title: '已提交申请', icon: 'success' });
    void Taro.redirectTo({ url: `${ROUTES.housing}?tab=mine` });
  }

  return (
    <PageShell title={a?.name ?? '公寓详情'} className="nx-housing">
      {load.notice(() => void fetch())}
      {a ? (
        <View>
          {a.photos.length > 0 ? (
            <ScrollView className="nx-housing__photos" scrollX>
              {a.photos.map((p) => (
                <Image
                  key={p.id}
                  className="nx-housing__photo"
                  src={p.thumbUrl}
                  mode="aspectFill"
                  onClick={() =>
                    void Taro.previewImage({ current: p.url, urls: a.photos.map((x) => x.url) }).catch(() => {})
                  }
                />
              ))}
            </ScrollView>
          ) : null}
          <View className="nx-card">
            <Text className="nx-card__title">{a.name}</Text>
            <Text className="nx-housing__meta">
              {a.address} · {a.operatorName}
            </Text>
            {a.contactPhone ? <Text className="nx-housing__meta">电话：{a.contactPhone}</Text> : null}
            <Text className="nx-housing__meta">设施：{a.facilities.map((f) => FACILITY_LABELS[f]).join('、')}</Text>
          </View>
          <View className="nx-card">
            <Text className="nx-card__title">费用</Text>
            <Text className="nx-housing__text">{a.costs || '—'}</Text>
          </View>
          <View className="nx-card">
            <Text className="nx-card__title">入住规则</Text>
            <Text className="nx-housing__text">{a.rules || '—'}</Text>
          </View>
          <View className="nx-card">
            <Text className="nx-card__title">房间</Text>
            {a.rooms.map((r) => (
              <View key={r.id} className="nx-housing__bed">
                <Text>
                  {r.name}（{ROOM_GENDER_LABELS[r.gender]}）
                </Text>
                <Text className="nx-housing__vacant">
                  空床 {r.vacantBeds}/{r.beds}
                  {r.minPrice !== null ? ` · ¥${r.minPrice}/月` : ''}
                </Text>
              </View>
            ))}
          </View>
          <View className="nx-card nx-housing__form">
            <Text className="nx-card__title">申请床位</Text>
            <Text className="nx-form__label">入住日期（年-月-日）</Text>
            <Input
              className="nx-form__input nx-housing__from"
              value={fromDate}
              placeholder="2026-12-10"
              onInput={(e) => setFromDate(e.detail.value)}
            />
            <Text className="nx-form__label">租住月数（1–12）</Text>
            <Input
              className="nx-form__input nx-housing__months"
              type="number"
              value={months}
              onInput={(e) => setMonths(e.detail.value)}
            />
            <Text className="nx-form__label">房间性别</Text>
            <View className="nx-chips">
              {ROOM_GENDERS.map((g) => (
                <View
                  key={g}
                  className={`nx-chip nx-housing__gender--${g}${gender === g ? ' nx-chip--selected' : ''}`}
                  onClick={() => setGender(g)}
                >
                  <Text>{ROOM_GENDER_LABELS[g]}</Text>
                </View>
              ))}
            </View>
            <Text className="nx-form__label">需求说明（选填）</Text>
            <Textarea
              className="nx-form__input nx-housing__needs"
              value={needs}
              maxlength={300}
              placeholder="如：夜班需安静、需要下铺"
              onInput={(e) => setNeeds(e.detail.value)}
            />
            {submit.notice()}
            <Button
              className="nx-button nx-button--primary nx-housing__apply"
              disabled={submit.running || undefined}
              onClick={() => void apply()}
            >
              提交申请
            </Button>
          </View>
        </View>
      ) : load.running ? (
        <Notice tone="info" message="加载中…" />
      ) : null}
    </PageShell>
  );
}
