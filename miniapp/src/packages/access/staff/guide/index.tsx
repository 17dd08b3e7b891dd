import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { Guide } from '@nuanxin/shared/access/schemas';
import type { Community } from '@nuanxin/shared/geo/schemas';
import { GUIDE_MAX_ENTRANCES } from '@nuanxin/shared/access/constants';
import { buildingEntrances } from '@nuanxin/shared/access/guide';
import { CommunityChips } from '../../components/CommunityChips';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { PositionField, type LatLng } from '../../components/PositionField';
import { GuideMap, spotsOfDraft } from '../../components/GuideMap';
import { PrivacyPopup } from '../../../../components/PrivacyPopup';
import { accessApi } from '../../../../services/access';
import '../../../../styles/staff.css';
import './index.css';

// The form keeps positions that are not set yet (null); the API only takes set ones.
interface EntranceDraft {
  key: number;
  label: string;
  at: LatLng | null;
}
interface BuildingDraft {
  key: number;
  number: string;
  note: string;
  entrances: EntranceDraft[];
}
interface PointDraft {
  description: string;
  at: LatLng | null;
}
interface Draft {
  buildings: BuildingDraft[];
  parking: PointDraft | null;
  transferPoint: PointDraft | null;
  notes: string;
  requireLocation: boolean;
  maxDistanceM: number;
}

let nextKey = 1;
const key = () => nextKey++;

function toDraft(g: Guide): Draft {
  const point = (p: Guide['parking']): PointDraft | null =>
    p ? { description: p.description, at: { lat: p.lat, lng: p.lng } } : null;
  return {
    buildings: g.buildings.map((b) => ({
      key: key(),
      number: b.number,
      note: b.note,
      entrances: buildingEntrances(b).map((e) => ({ key: key(), label: e.label, at: { lat: e.lat, lng: e.lng } })),
    })),
    parking: point(g.parking),
    transferPoint: point(g.transferPoint),
    notes: g.notes,
    requireLocation: g.requireLocation,
    maxDistanceM: g.maxDistanceM,
  };
}

/** The guide to send, or what is missing (in Chinese) before it can be sent. */
export function fromDraft(d: Draft): Guide | string {
  const buildings: Guide['buildings'] = [];
  for (const b of d.buildings) {
    const number = b.number.trim();
    if (!number) return '请填写每栋楼的楼号（或删除空白的楼栋）';
    const entrances = [];
    for (const e of b.entrances) {
      if (!e.at) return `请为${number}的${e.label.trim() || '入口'}设置位置，或删除该入口`;
      entrances.push({ lat: e.at.lat, lng: e.at.lng, label: e.label.trim() });
    }
    const first = entrances[0];
    buildings.push({
      number,
      note: b.note.trim(),
      entrances,
      entrance: first ? { lat: first.lat, lng: first.lng } : null,
    });
  }
  const point = (p: PointDraft | null, what: string): Guide['parking'] | string => {
    if (!p || (!p.at && !p.description.trim())) return null;
    if (!p.at) return `请为${what}设置位置，或清除${what}`;
    return { lat: p.at.lat, lng: p.at.lng, description: p.description.trim() };
  };
  const parking = point(d.parking, '停车区');
  if (typeof parking === 'string') return parking;
  const transferPoint = point(d.transferPoint, '转运点');
  if (typeof transferPoint === 'string') return transferPoint;
  return {
    buildings,
    parking,
    transferPoint,
    notes: d.notes.trim(),
    requireLocation: d.requireLocation,
    maxDistanceM: d.maxDistanceM,
  };
}

/**
 * 楼栋指引 editor (community admin): buildings with labelled entrance positions, the rider
 * parking 停车区 and transfer point 转运点 with positions, notes and the location rule. A rider
 * sees all of it, with a navigate button per position, after a granted scan.
 */
export default function StaffGuidePage() {
  const { params } = useRouter();
  const [communities, setCommunities] = useState<Community[]>([]);
  const [communityId, setCommunityId] = useState<string | null>(params.communityId ?? null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const task = useAction({ fallback: '加载失败，请重试' });
  const busy = task.running;

  useEffect(() => {
    void task.run(async () => {
      const r = await accessApi.communities();
      setCommunities(r.items);
      setCommunityId((id) => (id && r.items.some((c) => c.id === id) ? id : (r.items[0]?.id ?? null)));
    });
  }, []);

  const load = useCallback(async () => {
    if (!communityId) return;
    setDraft(null);
    await task.run(async () => setDraft(toDraft(await accessApi.guide(communityId))));
  }, [communityId, task.run]);

  useEffect(() => {
    void load();
  }, [load]);

  const community = communities.find((c) => c.id === communityId);
  const centre = community ? { lat: community.lat, lng: community.lng } : null;

  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const setBuilding = (k: number, patch: Partial<BuildingDraft>) =>
    setDraft((d) => (d ? { ...d, buildings: d.buildings.map((b) => (b.key === k ? { ...b, ...patch } : b)) } : d));
  const setEntrance = (bk: number, ek: number, patch: Partial<EntranceDraft>) =>
    setDraft((d) =>
      d
        ? {
            ...d,
            buildings: d.buildings.map((b) =>
              b.key === bk ? { ...b, entrances: b.entrances.map((e) => (e.key === ek ? { ...e, ...patch } : e)) } : b,
            ),
          }
        : d,
    );

  async function save() {
    if (!draft || !communityId) return;
    const guide = fromDraft(draft);
    if (typeof guide === 'string') {
      task.fail(guide);
      return;
    }
    await task.run(async () => {
      setDraft(toDraft(await accessApi.saveGuide(communityId, guide)));
      void Taro.showToast({ title: '已保存', icon: 'success' });
    }, '保存失败，请重试');
  }

  const pointEditor = (field: 'parking' | 'transferPoint', title: string, placeholder: string) => {
    const p = draft?.[field] ?? null;
    return (
      <View className={`nx-card nx-guide-edit__point nx-guide-edit__${field}`}>
        <Text className="nx-card__title">{title}</Text>
        <Input
          className="nx-form__input nx-guide-edit__description"
          value={p?.description ?? ''}
          maxlength={100}
          placeholder={placeholder}
          onInput={(e) => set({ [field]: { description: e.detail.value, at: p?.at ?? null } })}
        />
        {centre ? (
          <PositionField
            name={field}
            value={p?.at ?? null}
            centre={centre}
            onChange={(at) => set({ [field]: { description: p?.description ?? '', at } })}
          />
        ) : null}
        {p ? (
          <Button
            className="nx-button nx-button--secondary nx-guide-edit__clear"
            onClick={() => set({ [field]: null })}
          >
            清除{title}
          </Button>
        ) : null}
      </View>
    );
  };

  return (
    <PageShell title="楼栋指引" className="nx-guide-edit">
      <PrivacyPopup />
      <CommunityChips communities={communities} value={communityId} onChange={(id) => id && setCommunityId(id)} />
      <Text className="nx-subtitle">
        {community?.name ?? ''} 骑手扫码进门后看到的楼栋入口、停车区和转运点，每个位置都可一键导航。位置须在小区 2
        公里内。
      </Text>
      {task.notice()}
      {draft && centre ? (
        <View>
          <GuideMap spots={spotsOfDraft(draft)} centre={centre} />
          {draft.buildings.map((b, bi) => (
            <View key={b.key} className="nx-card nx-guide-edit__building" data-building={bi}>
              <View className="nx-guide-edit__row">
                <Input
                  className="nx-form__input nx-guide-edit__number"
                  value={b.number}
                  maxlength={20}
                  placeholder="楼号，如 3号楼"
                  onInput={(e) => setBuilding(b.key, { number: e.detail.value })}
                />
                <Button
                  className="nx-guide-edit__remove"
                  onClick={() => set({ buildings: draft.buildings.filter((x) => x.key !== b.key) })}
                >
                  删除楼栋
                </Button>
              </View>
              <Input
                className="nx-form__input nx-guide-edit__note"
                value={b.note}
                maxlength={100}
                placeholder="说明，如：底商后门进"
                onInput={(e) => setBuilding(b.key, { note: e.detail.value })}
              />
              {b.entrances.map((e, ei) => (
                <View key={e.key} className="nx-guide-edit__entrance" data-entrance={ei}>
                  <View className="nx-guide-edit__row">
                    <Input
                      className="nx-form__input nx-guide-edit__label"
                      value={e.label}
                      maxlength={30}
                      placeholder={`入口名称，如 ${ei + 1}单元`}
                      onInput={(ev) => setEntrance(b.key, e.key, { label: ev.detail.value })}
                    />
                    <Button
                      className="nx-guide-edit__remove"
                      onClick={() => setBuilding(b.key, { entrances: b.entrances.filter((x) => x.key !== e.key) })}
                    >
                      删除
                    </Button>
                  </View>
                  <PositionField
                    name={`b${bi}-e${ei}`}
                    value={e.at}
                    centre={centre}
                    onChange={(at) => setEntrance(b.key, e.key, { at })}
                  />
                </View>
              ))}
              {b.entrances.length < GUIDE_MAX_ENTRANCES ? (
                <Button
                  className="nx-button nx-button--secondary nx-guide-edit__add-entrance"
                  onClick={() =>
                    setBuilding(b.key, { entrances: [...b.entrances, { key: key(), label: '', at: null }] })
                  }
                >
                  ＋ 添加入口
                </Button>
              ) : null}
            </View>
          ))}
          <Button
            className="nx-button nx-button--secondary nx-guide-edit__add-building"
            onClick={() =>
              set({
                buildings: [
                  ...draft.buildings,
                  { key: key(), number: '', note: '', entrances: [{ key: key(), label: '', at: null }] },
                ],
              })
            }
          >
            ＋ 添加楼栋
          </Button>
          {pointEditor('parking', '停车区', '如：东门内右手边电动车停车区')}
          {pointEditor('transferPoint', '转运点', '如：东门岗亭旁外卖柜')}
          <View className="nx-card">
            <Text className="nx-card__title">注意事项</Text>
            <Textarea
              className="nx-guide-edit__notes"
              value={draft.notes}
              maxlength={500}
              placeholder="如：小区内限速 5 公里/小时"
              onInput={(e) => set({ notes: e.detail.value })}
            />
            {/* 扫码位置核验 moved to the top of 门岗与暖新码; the guide saves it back unchanged. */}
            <Text className="nx-card__text nx-guide-edit__location">
              扫码位置核验：{draft.requireLocation ? `已开启（${draft.maxDistanceM} 米内）` : '已关闭'}
              ，在“门岗与暖新码”页修改
            </Text>
          </View>
          <Button
            className="nx-button nx-button--primary nx-guide-edit__save"
            disabled={busy || undefined}
            onClick={() => void save()}
          >
            {busy ? '保存中…' : '保存楼栋指引'}
          </Button>
        </View>
      ) : !task.error ? (
        <Text className="nx-subtitle">加载中…</Text>
      ) : null}
    </PageShell>
  );
}
