import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { Gate, Guide } from '@nuanxin/shared/access/schemas';
import type { Community } from '@nuanxin/shared/geo/schemas';
import { GATE_KIND_LABELS, GATE_KINDS, type GateKind } from '@nuanxin/shared/access/constants';
import { Notice } from '../../components/Notice';
import { accessApi } from '../../services/access';
import { ApiError } from '../../services/api';
import { downloadAuthenticated } from '../../services/download';
import '../staff/access.css';

const msg = (err: unknown) => (err instanceof ApiError ? err.message : err instanceof Error ? err.message : '操作失败，请重试');

/** Gates of the admin's communities: register, enable/disable, download posters, regenerate; guide. */
export default function StaffGatesPage() {
  const [communities, setCommunities] = useState<Community[]>([]);
  const [communityId, setCommunityId] = useState<string | null>(null);
  const [gates, setGates] = useState<Gate[] | null>(null);
  const [guide, setGuide] = useState<Guide | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<GateKind>('guarded');
  const [buildings, setBuildings] = useState('');

  useEffect(() => {
    accessApi
      .communities()
      .then((r) => {
        setCommunities(r.items);
        setCommunityId(r.items[0]?.id ?? null);
      })
      .catch((err) => setError(msg(err)));
  }, []);

  const load = useCallback(async () => {
    if (!communityId) return;
    try {
      setGates((await accessApi.gates(communityId)).items);
      const g = await accessApi.guide(communityId);
      setGuide(g);
      setBuildings(g.buildings.map((b) => `${b.number} ${b.note}`.trim()).join('\n'));
    } catch (err) {
      setError(msg(err));
    }
  }, [communityId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function run(fn: () => Promise<unknown>, done?: string) {
    setError(null);
    try {
      await fn();
      if (done) void Taro.showToast({ title: done, icon: 'success' });
      await load();
    } catch (err) {
      setError(msg(err));
    }
  }

  const community = communities.find((c) => c.id === communityId);

  async function addGate() {
    if (!communityId || !community || !name.trim()) return;
    // The community's point is a safe default; the admin moves it on site with 用当前位置 later.
    await run(() => accessApi.createGate(communityId, { name: name.trim(), kind, lat: community.lat, lng: community.lng }), '已登记');
    setName('');
  }

  async function saveGuide() {
    if (!communityId || !guide) return;
    const previous = new Map(guide.buildings.map((b) => [b.number, b.entrance]));
    const list = buildings
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [number = '', ...rest] = l.split(/\s+/);
        return { number, note: rest.join(' '), entrance: previous.get(number) ?? null };
      });
    await run(() => accessApi.saveGuide(communityId, { ...guide, buildings: list }), '已保存');
  }

  return (
    <View className="nx-page nx-gates">
      <View className="nx-chips">
        {communities.map((c) => (
          <View key={c.id} className={`nx-chip${c.id === communityId ? ' nx-chip--selected' : ''}`} onClick={() => setCommunityId(c.id)}>
            <Text>{c.name}</Text>
          </View>
        ))}
      </View>
      {error ? <Notice message={error} /> : null}
      {gates?.map((g) => (
        <View key={g.id} className={`nx-card nx-gate nx-gate--${g.active ? 'active' : 'inactive'}`}>
          <Text className="nx-card__title">
            {g.name} · {GATE_KIND_LABELS[g.kind]}
            {g.active ? '' : '（已停用）'}
          </Text>
          <Text className="nx-card__text">第 {g.codeVersion} 版门岗码</Text>
          <Text className="nx-gate__url">{g.codeUrl}</Text>
          <Button className="nx-button nx-button--primary nx-gate__poster" onClick={() => void run(() => downloadAuthenticated(accessApi.posterPath(g.id, 'png'), `暖新码-${community?.name ?? ''}-${g.name}.png`, 'image'))}>
            下载海报（PNG）
          </Button>
          <Button className="nx-button nx-button--secondary" onClick={() => void run(() => downloadAuthenticated(accessApi.posterPath(g.id, 'svg'), `暖新码-${g.name}.svg`, 'file'))}>
            下载矢量海报（SVG，印刷用）
          </Button>
          <Button
            className="nx-button nx-button--danger nx-gate__regenerate"
            onClick={async () => {
              const ok = (await Taro.showModal({ title: '重新生成门岗码', content: '旧海报将立即失效，需要重新张贴。确定吗？' })).confirm;
              if (ok) await run(() => accessApi.regenerateCode(g.id), '已重新生成');
            }}
          >
            重新生成（旧码作废）
          </Button>
          <Button className="nx-button nx-button--secondary" onClick={() => void run(() => accessApi.updateGate(g.id, { active: !g.active }))}>
            {g.active ? '停用门岗' : '启用门岗'}
          </Button>
        </View>
      ))}
      <View className="nx-card">
        <Text className="nx-card__title">登记新门岗</Text>
        <Input className="nx-form__input" value={name} maxlength={30} placeholder="门岗名称，如：西门" onInput={(e) => setName(e.detail.value)} />
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
      {guide ? (
        <View className="nx-card nx-guide-edit">
          <Text className="nx-card__title">楼栋指引</Text>
          <Text className="nx-card__text">每行一栋：楼号 说明（如“3号楼 底商后门进”）</Text>
          <Input className="nx-form__input" value={buildings} placeholder="1号楼 单元门在北侧" onInput={(e) => setBuildings(e.detail.value)} />
          <Text className="nx-card__text">停车区</Text>
          <Input
            className="nx-form__input"
            value={guide.parking?.description ?? ''}
            placeholder="如：东门内右手边"
            onInput={(e) => community && setGuide({ ...guide, parking: { lat: guide.parking?.lat ?? community.lat, lng: guide.parking?.lng ?? community.lng, description: e.detail.value } })}
          />
          <Text className="nx-card__text">转运点</Text>
          <Input
            className="nx-form__input"
            value={guide.transferPoint?.description ?? ''}
            placeholder="如：岗亭旁外卖柜"
            onInput={(e) =>
              community && setGuide({ ...guide, transferPoint: { lat: guide.transferPoint?.lat ?? community.lat, lng: guide.transferPoint?.lng ?? community.lng, description: e.detail.value } })
            }
          />
          <Text className="nx-card__text">注意事项</Text>
          <Input className="nx-form__input" value={guide.notes} maxlength={500} onInput={(e) => setGuide({ ...guide, notes: e.detail.value })} />
          <View className="nx-chips">
            <View className={`nx-chip${guide.requireLocation ? ' nx-chip--selected' : ''}`} onClick={() => setGuide({ ...guide, requireLocation: !guide.requireLocation })}>
              <Text>扫码需在门岗 {guide.maxDistanceM} 米内</Text>
            </View>
          </View>
          <Button className="nx-button nx-button--primary" onClick={() => void saveGuide()}>
            保存楼栋指引
          </Button>
        </View>
      ) : null}
    </View>
  );
}
