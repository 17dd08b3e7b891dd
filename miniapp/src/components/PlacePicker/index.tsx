import { Button, Input, Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { PLACE_KIND_LABELS } from '@nuanxin/shared/geo/constants';
import type { PlaceAreas, PlaceHit } from '@nuanxin/shared/geo/places';
import { errorMessage } from '../useAction';
import { placesApi, type ChosenPlace } from '../../services/places';
import './index.css';

export interface PlacePickerProps {
  /** The place picked (GCJ-02): a street's middle, a community's or a station's point. */
  onPick: (place: ChosenPlace) => void;
  title?: string;
}

/**
 * Where to look from when the phone will not say where it is (location refused or failing): type
 * a place — a 小区, a 街道, a 驿站 — or pick a street of a district we serve.
 */
export function PlacePicker({ onPick, title = '不定位也能查：选个地点' }: PlacePickerProps) {
  const [areas, setAreas] = useState<PlaceAreas['items'] | null>(null);
  const [district, setDistrict] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [hits, setHits] = useState<PlaceHit[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const live = useRef(true);

  function loadAreas() {
    setProblem(null);
    placesApi.areas().then(
      (r) => {
        if (!live.current) return;
        setAreas(r.items);
        setDistrict((d) => d ?? r.items[0]?.id ?? null);
      },
      (err) => live.current && setProblem(errorMessage(err, '街道列表加载失败，请重试')),
    );
  }

  useEffect(() => {
    live.current = true;
    loadAreas();
    return () => {
      live.current = false;
    };
  }, []);

  async function find() {
    const q = text.trim();
    if (!q) return setProblem('请输入小区、街道或驿站的名称');
    setBusy(true);
    setProblem(null);
    try {
      const r = await placesApi.search(q);
      if (live.current) setHits(r.items);
    } catch (err) {
      if (live.current) setProblem(errorMessage(err, '查找失败，请重试'));
    } finally {
      if (live.current) setBusy(false);
    }
  }

  const pick = (p: { kind: ChosenPlace['kind']; id: string; name: string; lat: number; lng: number }) =>
    onPick({ kind: p.kind, id: p.id, name: p.name, lat: p.lat, lng: p.lng });

  const streets = areas?.find((d) => d.id === district)?.streets ?? [];
  return (
    <View className="nx-card nx-place-picker">
      <Text className="nx-card__title">{title}</Text>
      <View className="nx-place-picker__search">
        <Input
          className="nx-place-picker__input"
          value={text}
          maxlength={40}
          confirmType="search"
          placeholder="输入小区、街道或驿站名称"
          onInput={(e) => setText(e.detail.value)}
          onConfirm={() => void find()}
        />
        <Button className="nx-place-picker__find" disabled={busy || undefined} onClick={() => void find()}>
          {busy ? '查找中' : '查找'}
        </Button>
      </View>
      {problem ? <Text className="nx-place-picker__problem">{problem}</Text> : null}
      {hits ? (
        hits.length === 0 ? (
          <Text className="nx-place-picker__none">没有找到「{text.trim()}」，换个名称试试，或在下面选街道</Text>
        ) : (
          <View className="nx-place-picker__hits">
            {hits.map((h) => (
              <View key={`${h.kind}:${h.id}`} className="nx-place-picker__hit" onClick={() => pick(h)}>
                <Text className="nx-place-picker__hit-name">{h.name}</Text>
                <Text className="nx-place-picker__hit-context">
                  {PLACE_KIND_LABELS[h.kind]}
                  {h.context ? ` · ${h.context}` : ''}
                </Text>
              </View>
            ))}
          </View>
        )
      ) : null}

      <Text className="nx-place-picker__label">或选择街道</Text>
      {areas === null && !problem ? <Text className="nx-place-picker__none">正在加载街道…</Text> : null}
      {areas && areas.length === 0 ? <Text className="nx-place-picker__none">还没有开通的街道</Text> : null}
      {areas && areas.length > 1 ? (
        <View className="nx-place-picker__districts">
          {areas.map((d) => (
            <Text
              key={d.id}
              className={`nx-place-picker__district${d.id === district ? ' nx-place-picker__district--on' : ''}`}
              onClick={() => setDistrict(d.id)}
            >
              {d.name}
            </Text>
          ))}
        </View>
      ) : null}
      {areas === null && problem ? (
        <Button className="nx-button nx-button--secondary" onClick={loadAreas}>
          重新加载街道
        </Button>
      ) : null}
      <View className="nx-place-picker__streets">
        {streets.map((s) => (
          <Text
            key={s.id}
            className="nx-place-picker__street"
            onClick={() => pick({ kind: 'street', id: s.id, name: s.name, lat: s.lat, lng: s.lng })}
          >
            {s.name}
          </Text>
        ))}
      </View>
    </View>
  );
}
