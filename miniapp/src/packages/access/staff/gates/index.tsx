import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { Gate } from '@nuanxin/shared/access/schemas';
import type { Community } from '@nuanxin/shared/geo/schemas';
import { GATE_KIND_LABELS, GATE_KINDS, type GateKind } from '@nuanxin/shared/access/constants';
import { CommunityChips } from '../../components/CommunityChips';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { accessApi } from '../../../../services/access';
import { downloadAuthenticated } from '../../../../services/download';
import { ROUTES } from '../../../../routes';
import '../../../../styles/staff.css';

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
      {gates?.map((g) => (
        <View key={g.id} className={`nx-card nx-gate nx-gate--${g.active ? 'active' : 'inactive'}`}>
          <Text className="nx-card__title">
            {g.name} · {GATE_KIND_LABELS[g.kind]}
            {g.active ? '' : '（已停用）'}
          </Text>
          <Text className="nx-card__text">第 {g.codeVersion} 版门岗码</Text>
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
