import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { Gate, Guide } from '@nuanxin/shared/access/schemas';
import type { Community } from '@nuanxin/shared/geo/schemas';
import { GATE_KIND_LABELS, GATE_KINDS, type GateKind } from '@nuanxin/shared/access/constants';
import { CommunityChips } from '../../components/CommunityChips';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { accessApi } from '../../../../services/access';
import { downloadAuthenticated } from '../../../../services/download';
import { ROUTES } from '../../../../routes';
import '../../../../styles/staff.css';

/** The radii offered for 扫码位置核验 (metres; 300 is the default: a compound plus GPS error). */
const DISTANCES = [100, 200, 300, 500, 1000] as const;

/**
 * 扫码位置核验 at the top of the gates page, where the admin looks after printing posters: on or
 * off and the radius, saved at once (the rest of the guide goes back unchanged).
 */
function LocationRule({ communityId }: { communityId: string }) {
  const [guide, setGuide] = useState<Guide | null>(null);
  const task = useAction({ fallback: '位置核验设置加载失败，请重试' });

  const load = useCallback(async () => {
    await task.run(async () => setGuide(await accessApi.guide(communityId)));
  }, [communityId, task.run]);

  useEffect(() => {
    setGuide(null);
    void load();
  }, [load]);

  async function change(patch: Partial<Pick<Guide, 'requireLocation' | 'maxDistanceM'>>) {
    if (!guide || task.running) return;
    if (patch.requireLocation === false) {
      const ok = (
        await Taro.showModal({
          title: '关闭扫码位置核验',
          content: '关闭后，骑手在任何地方扫到或输入门岗码都能进门。确定关闭吗？',
          confirmText: '关闭',
          confirmColor: '#b91c1c',
        })
      ).confirm;
      if (!ok) return;
    }
    await task.run(async () => setGuide(await accessApi.saveGuide(communityId, { ...guide, ...patch })));
  }

  return (
    <View className={`nx-card nx-gates__location nx-gates__location--${guide?.requireLocation ? 'on' : 'off'}`}>
      <Text className="nx-card__title">扫码位置核验</Text>
      {guide ? (
        <>
          <Text className="nx-card__text nx-gates__location-state">
            {guide.requireLocation
              ? `已开启：骑手须在门岗 ${guide.maxDistanceM} 米内扫码，否则不能进门`
              : '已关闭：在任何地方扫码都能进门（不建议）'}
          </Text>
          <View className="nx-chips">
            <View
              className={`nx-chip nx-gates__location-on${guide.requireLocation ? ' nx-chip--selected' : ''}`}
              onClick={() => void change({ requireLocation: true })}
            >
              <Text>开启</Text>
            </View>
            <View
              className={`nx-chip nx-gates__location-off${guide.requireLocation ? '' : ' nx-chip--selected'}`}
              onClick={() => guide.requireLocation && void change({ requireLocation: false })}
            >
              <Text>关闭</Text>
            </View>
          </View>
          {guide.requireLocation ? (
            <View className="nx-chips">
              {DISTANCES.map((m) => (
                <View
                  key={m}
                  className={`nx-chip nx-gates__distance nx-gates__distance--${m}${guide.maxDistanceM === m ? ' nx-chip--selected' : ''}`}
                  onClick={() => void change({ maxDistanceM: m })}
                >
                  <Text>{m} 米内</Text>
                </View>
              ))}
            </View>
          ) : null}
          <Text className="nx-card__text nx-gates__location-hint">
            建议 300 米：小区范围加上手机定位误差。通行记录里可看到每次扫码离门岗多远。
          </Text>
        </>
      ) : null}
      {task.notice(() => void load())}
    </View>
  );
}

/** Gates of the admin's communities: register, enable/disable, download posters, regenerate; link to the guide. */
export default function StaffGatesPage() {
  const [communities, setCommunities] = useState<Community[]>([]);
  const [communityId, setCommunityId] = useState<string | null>(null);
  const [gates, setGates] = useState<Gate[] | null>(null);
  // Downloads throw Errors with Chinese messages of their own, so any Error's message is shown.
  const action = useAction({ anyError: true });
  const [name, setName] = useState('');
  const [kind, setKind] = useState<GateKind>('guarded');

  useEffect(() => {
    void action.run(async () => {
      const r = await accessApi.communities();
      setCommunities(r.items);
      setCommunityId(r.items[0]?.id ?? null);
    });
  }, []);

  const load = useCallback(async () => {
    if (!communityId) return;
    await action.run(async () => setGates((await accessApi.gates(communityId)).items));
  }, [communityId, action.run]);

  useEffect(() => {
    void load();
  }, [load]);

  async function run(fn: () => Promise<unknown>, done?: string) {
    const ok = await action.run(async () => {
      await fn();
      if (done) void Taro.showToast({ title: done, icon: 'success' });
    });
    if (ok) await load();
  }

  const community = communities.find((c) => c.id === communityId);

  async function addGate() {
    if (!communityId || !community || !name.trim()) return;
    // The community's point is a safe default; the admin moves it on site with 用当前位置 later.
    await run(
      () => accessApi.createGate(communityId, { name: name.trim(), kind, lat: community.lat, lng: community.lng }),
      '已登记',
    );
    setName('');
  }

  return (
    <PageShell title="门岗与暖新码" className="nx-gates">
      <CommunityChips communities={communities} value={communityId} onChange={(id) => id && setCommunityId(id)} />
      {action.notice()}
      {communityId ? <LocationRule communityId={communityId} /> : null}
      {gates?.map((g) => (
        <View key={g.id} className={`nx-card nx-gate nx-gate--${g.active ? 'active' : 'inactive'}`}>
          <Text className="nx-card__title">
            {g.name} · {GATE_KIND_LABELS[g.kind]}
            {g.active ? '' : '（已停用）'}
          </Text>
          <Text className="nx-card__text">
            第 {g.codeVersion} 版门岗码
            {g.gateNumber
              ? ` · 门岗号 ${g.gateNumber.slice(0, 4)} ${g.gateNumber.slice(4)}`
              : ' · 下载海报后生成门岗号'}
          </Text>
          <Text className="nx-gate__url">{g.codeUrl}</Text>
          <Button
            className="nx-button nx-button--primary nx-gate__poster"
            onClick={() =>
              void run(() =>
                downloadAuthenticated(
                  accessApi.posterPath(g.id, 'png'),
                  `暖新码-${community?.name ?? ''}-${g.name}.png`,
                  'image',
                ),
              )
            }
          >
            下载海报（PNG）
          </Button>
          <Button
            className="nx-button nx-button--secondary"
            onClick={() =>
              void run(() => downloadAuthenticated(accessApi.posterPath(g.id, 'svg'), `暖新码-${g.name}.svg`, 'file'))
            }
          >
            下载矢量海报（SVG，印刷用）
          </Button>
          <Button
            className="nx-button nx-button--danger nx-gate__regenerate"
            onClick={async () => {
              const ok = (
                await Taro.showModal({ title: '重新生成门岗码', content: '旧海报将立即失效，需要重新张贴。确定吗？' })
              ).confirm;
              if (ok) await run(() => accessApi.regenerateCode(g.id), '已重新生成');
            }}
          >
            重新生成（旧码作废）
          </Button>
          <Button
            className="nx-button nx-button--secondary"
            onClick={() => void run(() => accessApi.updateGate(g.id, { active: !g.active }))}
          >
            {g.active ? '停用门岗' : '启用门岗'}
          </Button>
        </View>
      ))}
      <View className="nx-card">
        <Text className="nx-card__title">登记新门岗</Text>
        <Input
          className="nx-form__input"
          value={name}
          maxlength={30}
          placeholder="门岗名称，如：西门"
          onInput={(e) => setName(e.detail.value)}
        />
        <View className="nx-chips">
          {GATE_KINDS.map((k) => (
            <View key={k} className={`nx-chip${k === kind ? ' nx-chip--selected' : ''}`} onClick={() => setKind(k)}>
              <Text>{GATE_KIND_LABELS[k]}</Text>
            </View>
          ))}
        </View>
        <Button className="nx-button nx-button--primary" onClick={() => void addGate()}>
          登记
        </Button>
      </View>
      {communityId ? (
        <Button
          className="nx-button nx-button--secondary nx-gates__guide"
          onClick={() => void Taro.navigateTo({ url: `${ROUTES.staffGuide}?communityId=${communityId}` })}
        >
          编辑楼栋指引（入口位置、停车区、转运点）
        </Button>
      ) : null}
    </PageShell>
  );
}
