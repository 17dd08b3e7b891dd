import { useMemo } from 'react';
import type { Guide } from '@nuanxin/shared/access/schemas';
import { buildingEntrances } from '@nuanxin/shared/access/guide';
import { GeoMap, type MapPoint } from '../../../../components/GeoMap';
import { boxOf, useMapLayers } from '../../../../services/map';

const CONTEXT = ['district', 'street', 'community'] as const;

type At = { lat: number; lng: number } | null;

/** The positions of a guide: parking (P), transfer point (转), each building entrance (its number). */
export function spotsOfGuide(g: Guide): MapPoint[] {
  const spots: MapPoint[] = [];
  if (g.parking)
    spots.push({ id: 'parking', kind: 'place', lat: g.parking.lat, lng: g.parking.lng, label: '停车区', glyph: 'P' });
  if (g.transferPoint)
    spots.push({
      id: 'transfer',
      kind: 'place',
      lat: g.transferPoint.lat,
      lng: g.transferPoint.lng,
      label: '转运点',
      glyph: '转',
    });
  g.buildings.forEach((b, bi) =>
    buildingEntrances(b).forEach((e, ei) =>
      spots.push({
        id: `entrance-${bi}-${ei}`,
        kind: 'station',
        lat: e.lat,
        lng: e.lng,
        label: `${b.number} ${e.label || '入口'}`,
        glyph: b.number.replace(/[^0-9A-Za-z]/g, '').slice(0, 3) || '楼',
      }),
    ),
  );
  return spots;
}

/** The same for the guide editor's draft (positions may still be missing). */
export function spotsOfDraft(d: {
  parking: { at: At } | null;
  transferPoint: { at: At } | null;
  buildings: { number: string; entrances: { label: string; at: At }[] }[];
}): MapPoint[] {
  const at = (p: { at: At } | null) => p?.at ?? null;
  const parking = at(d.parking);
  const transfer = at(d.transferPoint);
  return spotsOfGuide({
    parking: parking ? { ...parking, description: '' } : null,
    transferPoint: transfer ? { ...transfer, description: '' } : null,
    buildings: d.buildings.map((b) => ({
      number: b.number,
      note: '',
      entrances: b.entrances.filter((e) => e.at).map((e) => ({ lat: e.at!.lat, lng: e.at!.lng, label: e.label })),
    })),
    notes: '',
  } as unknown as Guide);
}

/**
 * The building guide on a map of our own data: parking, transfer point and entrances over the
 * community and street outlines (a compound the rider does not know, at a glance).
 */
export function GuideMap({ spots, centre }: { spots: MapPoint[]; centre?: { lat: number; lng: number } | null }) {
  const framed = useMemo(() => (spots.length ? spots : centre ? [{ ...centre }] : []), [spots, centre]);
  const layers = useMapLayers(useMemo(() => boxOf(framed, 0.004), [framed]));
  const points = useMemo<MapPoint[]>(
    () => (spots.length || !centre ? spots : [{ id: 'centre', kind: 'place', ...centre, label: '小区位置' }]),
    [spots, centre],
  );
  if (points.length === 0) return null;
  return (
    <GeoMap
      className="nx-guide-map"
      layers={layers}
      layerKinds={CONTEXT}
      points={points}
      maxZoom={18}
      caption="P 停车区 · 转 转运点 · 绿色标记是楼栋入口（楼号）"
    />
  );
}
