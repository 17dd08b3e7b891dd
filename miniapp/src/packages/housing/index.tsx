import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { ApartmentHit, MyApplication } from '@nuanxin/shared/housing/schemas';
import { APPLICATION_STATUS_LABELS, APPLICATION_STEP_LABELS } from '@nuanxin/shared/housing/constants';
import { Notice } from '../../components/Notice';
import { PageShell } from '../../components/PageShell';
import { useAction } from '../../components/useAction';
import { housingApi } from '../../services/housing';
import { getGcj02Location } from '../../services/location';
import { ROUTES } from '../../routes';
import '../../styles/staff.css';
import './housing.css';

type Tab = 'search' | 'mine';

const km = (m: number | null) => (m === null ? '' : m < 1000 ? `${m} 米` : `${(m / 1000).toFixed(1)} 公里`);
const beijing = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');

/** 暖新公寓 for riders: beds with vacancies nearby under a price, and my applications with their steps. */
export default function HousingPage() {
  const { params } = Taro.useRouter();
  const [tab, setTab] = useState<Tab>(params.tab === 'mine' ? 'mine' : 'search');
  const [maxPrice, setMaxPrice] = useState('');
  const [hits, setHits] = useState<ApartmentHit[] | null>(null);
  const [mine, setMine] = useState<MyApplication[] | null>(null);
  const action = useAction();

  const search = useCallback(async () => {
    await action.run(async () => {
      let here: { lat: number; lng: number } | null = null;
      try {
        here = await getGcj02Location();
      } catch {
        here = null; // no position: list by price instead of distance
      }
      const price = Number(maxPrice);
      const res = await housingApi.search({
        ...(here ? { lat: here.lat, lng: here.lng } : {}),
        ...(maxPrice.trim() && Number.isFinite(price) ? { maxPrice: Math.round(price) } : {}),
      });
      setHits(res.items);
    }, '加载失败，请重试');
  }, [maxPrice, action.run]);

  const loadMine = useCallback(async () => {
    await action.run(async () => setMine((await housingApi.mine()).items), '加载失败，请重试');
  }, [action.run]);

  useEffect(() => {
    if (tab === 'search') void search();
    else void loadMine();
  }, [tab]);

  return (
    <PageShell title="暖新公寓" className="nx-housing">
      <View className="nx-tabs">
        {(['search', 'mine'] as const).map((t) => (
          <View
            key={t}
            className={`nx-tabs__tab nx-tabs__tab--${t}${tab === t ? ' nx-tabs__tab--active' : ''}`}
            onClick={() => setTab(t)}
          >
            <Text>{t === 'search' ? '找床位' : '我的申请'}</Text>
          </View>
        ))}
      </View>
      {action.notice(() => void (tab === 'search' ? search() : loadMine()))}
      {tab === 'search' ? (
        <View>
          <Text className="nx-subtitle">免中介费、免预付款、低租金，已登记的骑手可申请。</Text>
          <View className="nx-housing__row">
            <Input
              className="nx-form__input nx-housing__max"
              type="number"
              placeholder="最高月租（元）"
              value={maxPrice}
              onInput={(e) => setMaxPrice(e.detail.value)}
            />
            <Button className="nx-button nx-button--primary nx-housing__search" onClick={() => void search()}>
              搜索
            </Button>
          </View>
          {hits?.length === 0 ? <Notice tone="info" message="附近暂无符合条件的空床位" /> : null}
          {hits?.map((h) => (
            <View
              key={h.id}
              className="nx-card nx-housing__hit"
              onClick={() => void Taro.navigateTo({ url: `${ROUTES.housingApartment}?id=${h.id}` })}
            >
              <View className="nx-housing__row">
                <Text className="nx-card__title">{h.name}</Text>
                <Text className="nx-housing__price">
                  ¥{h.minPrice}
                  {h.maxPrice !== h.minPrice ? `–${h.maxPrice}` : ''}/月
                </Text>
              </View>
              <Text className="nx-housing__meta">
                {h.address}
                {h.distanceM !== null ? ` · ${km(h.distanceM)}` : ''}
              </Text>
              <Text className="nx-housing__vacant">空床 {h.vacantBeds} 张</Text>
            </View>
          ))}
        </View>
      ) : (
        <View>
          {mine?.length === 0 ? <Notice tone="info" message="还没有床位申请，去“找床位”看看" /> : null}
          {mine?.map((a) => (
            <View key={a.id} className="nx-card nx-housing__app" data-application={a.id}>
              <View className="nx-housing__row">
                <Text className="nx-card__title">{a.apartmentName}</Text>
                <Text className="nx-housing__status">{APPLICATION_STATUS_LABELS[a.status]}</Text>
              </View>
              <Text className="nx-housing__meta">
                {a.fromDate} 起 · {a.months} 个月
              </Text>
              {a.allocation ? (
                <Text className="nx-housing__text">
                  床位：{a.allocation.bedLabel}（{a.allocation.startDate} 至 {a.allocation.endDate}，¥
                  {a.allocation.monthlyPrice}/月）
                </Text>
              ) : null}
              {a.reason ? <Text className="nx-housing__text">原因：{a.reason}</Text> : null}
              <View className="nx-housing__steps">
                {a.steps.map((s, i) => (
                  <Text key={i} className="nx-housing__step">
                    {beijing(s.at)} {APPLICATION_STEP_LABELS[s.step]}
                    {s.note ? `：${s.note}` : ''}
                  </Text>
                ))}
              </View>
              {a.contactPhone ? <Text className="nx-housing__meta">公寓电话：{a.contactPhone}</Text> : null}
            </View>
          ))}
        </View>
      )}
    </PageShell>
  );
}
