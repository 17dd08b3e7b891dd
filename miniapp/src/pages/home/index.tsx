import { Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import { isStaffRole, ROLE_LABELS } from '@nuanxin/shared/auth/constants';
import { PrivacyPopup } from '../../components/PrivacyPopup';
import { NearestStation } from '../../components/NearestStation';
import { Tile, type TileVariant } from '../../components/Tile';
import { openRoute, ROUTES } from '../../routes';
import { goToLogin, useSession } from '../../services/session';
import { useAttention } from '../../services/attention';
import { useOutbox } from '../../services/offline';
import { AttentionBanner } from './AttentionBanner';
import './index.css';

interface TileSpec {
  variant: TileVariant;
  label: string;
  glyph: string;
  hint: string;
  url: string;
  /** Shown to riders only (a service for riders, not a staff page). */
  riderOnly?: boolean;
}

// Order follows the rider's day: get in the gate, rest, report, spend points.
const TILES: readonly TileSpec[] = [
  { variant: 'access', label: '暖新码', glyph: '码', hint: '扫码进小区', url: ROUTES.access },
  { variant: 'stations', label: '附近驿站', glyph: '站', hint: '歇脚 充电 热水', url: ROUTES.stations },
  { variant: 'reports', label: '随手拍', glyph: '拍', hint: '上报路面隐患', url: ROUTES.reports },
  { variant: 'points', label: '积分', glyph: '分', hint: '兑换理发 洗衣', url: ROUTES.points },
  { variant: 'legal', label: '法律援助', glyph: '法', hint: '欠薪 事故 纠纷调解', url: ROUTES.legal, riderOnly: true },
  { variant: 'community', label: '社区', glyph: '社', hint: '活动 课程 签到得分', url: ROUTES.community },
  { variant: 'housing', label: '暖新公寓', glyph: '床', hint: '低租金 免中介费', url: ROUTES.housing },
];

function greeting(hour: number): string {
  if (hour < 5) return '夜深了';
  if (hour < 11) return '早上好';
  if (hour < 13) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

export default function HomePage() {
  const { user } = useSession();
  const attention = useAttention(user != null);
  // Reports and gate scans kept offline and not sent yet (待发送 / 发送中 / 发送失败): the rider should know.
  const unsent = useOutbox(user?.id).filter((i) => i.state !== 'sent');
  const unsentReports = unsent.filter((i) => i.kind === 'report');
  const unsentScans = unsent.filter((i) => i.kind === 'scan');

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  if (!user) return <View className="nx-page" />;

  return (
    <View className="nx-page nx-home">
      <View className="nx-home__header">
        <Text className="nx-home__greeting">
          {greeting(new Date().getHours())}，{user.displayName}
        </Text>
        <Text className="nx-home__role">{ROLE_LABELS[user.role]}</Text>
      </View>

      <AttentionBanner items={attention?.items ?? []} />

      {unsentReports.length > 0 ? (
        <View
          className="nx-home__outbox"
          hoverClass="nx-home__staff--pressed"
          onClick={() => openRoute(ROUTES.reports)}
        >
          <Text className="nx-home__outbox-title">{unsentReports.length} 条随手拍待发送</Text>
          <Text className="nx-home__outbox-hint">
            {unsentReports.some((i) => i.state === 'failed')
              ? '有上报发送失败，点此查看原因'
              : '网络恢复后自动发送，点此查看'}
          </Text>
        </View>
      ) : null}

      {unsentScans.length > 0 ? (
        <View
          className="nx-home__outbox nx-home__outbox--scan"
          hoverClass="nx-home__staff--pressed"
          onClick={() => openRoute(ROUTES.access)}
        >
          <Text className="nx-home__outbox-title">{unsentScans.length} 次门岗扫码待补录</Text>
          <Text className="nx-home__outbox-hint">
            {unsentScans.some((i) => i.state === 'failed')
              ? '有扫码没能补录，点此查看原因'
              : '网络恢复后自动补录到小区的通行记录，点此查看'}
          </Text>
        </View>
      ) : null}

      {isStaffRole(user.role) ? (
        <View
          className="nx-home__staff nx-staff-entry"
          hoverClass="nx-home__staff--pressed"
          onClick={() => openRoute(ROUTES.staff)}
        >
          <Text className="nx-home__staff-title">工作台</Text>
          <Text className="nx-home__staff-hint">{ROLE_LABELS[user.role]}的待办与管理</Text>
        </View>
      ) : null}

      <View className="nx-home__tiles">
        {TILES.filter((t) => !t.riderOnly || user.role === 'rider').map((t) => (
          <Tile
            key={t.variant}
            variant={t.variant}
            label={t.label}
            glyph={t.glyph}
            hint={t.hint}
            onClick={() => openRoute(t.url)}
          />
        ))}
      </View>

      <NearestStation />
      <PrivacyPopup />
    </View>
  );
}
