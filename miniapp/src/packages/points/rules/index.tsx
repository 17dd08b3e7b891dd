import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { LiveEarningRule, RulesDocumentPage } from '@nuanxin/shared/points/schemas';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { rulesDocumentApi } from '../../../services/points';
import './index.css';

const cap = (n: number | null, unit: string) => (n == null ? `${unit}不限` : `${unit}最多 ${n} 分`);
const range = (a: number | null, b: number | null, unit: string) =>
  a == null || b == null ? '—' : a === b ? `${a} ${unit}` : `${a}–${b} ${unit}`;

function RuleLine({ r }: { r: LiveEarningRule }) {
  return (
    <View className="nx-rules__rule">
      <Text className="nx-rules__rule-label">{r.label}</Text>
      <Text className="nx-rules__rule-points">{r.perGrant ? `每次最多 ${r.points} 分` : `每次 ${r.points} 分`}</Text>
      <Text className="nx-rules__rule-caps">
        {cap(r.dailyCap, '每天')}，{cap(r.monthlyCap, '每月')}
      </Text>
    </View>
  );
}

/**
 * 积分管理办法: the district's published document (the version in force today) and, beside it,
 * the numbers the ledger applies now — earning rules with their caps, redemption rules — as the
 * server reads them from the rule tables (nothing here is hard-coded).
 */
export default function PointsRulesPage() {
  const [page, setPage] = useState<RulesDocumentPage | null>(null);
  const loading = useAction();
  const load = (districtId?: string) => loading.run(async () => setPage(await rulesDocumentApi.page(districtId)));
  useDidShow(() => void load(page?.districtId));
  const doc = page?.document ?? null;
  const red = page?.redemption;

  return (
    <PageShell title="积分管理办法" className="nx-rules">
      {loading.notice(() => void load(page?.districtId))}
      {page && page.districts.length > 1 ? (
        <View className="nx-rules__districts">
          {page.districts.map((d) => (
            <Text
              key={d.id}
              className={`nx-rules__district${d.id === page.districtId ? ' nx-rules__district--on' : ''}`}
              onClick={() => void load(d.id)}
            >
              {d.name}
            </Text>
          ))}
        </View>
      ) : null}
      {page ? (
        <View className="nx-card nx-rules__doc">
          {doc ? (
            <>
              <Text className="nx-card__title nx-rules__title">{doc.title}</Text>
              <Text className="nx-rules__meta">
                {page.districtName} · 第 {doc.version} 版 · {doc.effectiveOn} 起施行
              </Text>
              {doc.body.split(/\n+/).map((p, i) => (
                <Text key={i} className="nx-rules__para">
                  {p}
                </Text>
              ))}
            </>
          ) : (
            <Text className="nx-rules__meta">{page.districtName}尚未发布积分管理办法，下方为正在执行的积分规则。</Text>
          )}
          {page.upcoming ? (
            <Text className="nx-rules__upcoming">
              新版本（第 {page.upcoming.version} 版）将于 {page.upcoming.effectiveOn} 起施行。
            </Text>
          ) : null}
        </View>
      ) : null}
      {page ? (
        <View className="nx-card nx-rules__live">
          <Text className="nx-card__title">现行积分规则</Text>
          <Text className="nx-rules__meta">以下数值即系统当前执行的规则，与积分记录一致。</Text>
          {page.earning.map((r) => (
            <RuleLine key={r.code} r={r} />
          ))}
        </View>
      ) : null}
      {red ? (
        <View className="nx-card nx-rules__redeem">
          <Text className="nx-card__title">兑换规则</Text>
          <Text className="nx-rules__para">积分自获得之日起 {red.pointsExpiryDays} 天内有效，到期前会提醒。</Text>
          <Text className="nx-rules__para">
            本区在兑的奖励 {red.rewardCount} 项，所需积分 {range(red.cheapestPoints, red.dearestPoints, '分')}
            ；兑换券有效期 {range(red.voucherValidDaysMin, red.voucherValidDaysMax, '天')}。
          </Text>
          {red.minPricePoints != null || red.maxPricePoints != null ? (
            <Text className="nx-rules__para">
              商户自设奖励的积分价格须在 {red.minPricePoints ?? 1}–{red.maxPricePoints ?? '不限'} 分之间。
            </Text>
          ) : null}
          <Text className="nx-rules__para">
            未使用的兑换券可以取消，积分即时退回；过期未用的兑换券自动作废并退回积分。
          </Text>
        </View>
      ) : null}
    </PageShell>
  );
}
