import { Map as WxMap, Text, View } from '@tarojs/components';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Map as LeafletMap, LayerGroup } from 'leaflet';
import type { MapLayers } from '@nuanxin/shared/geo/schemas';
import type { MapLayerKind } from '@nuanxin/shared/geo/constants';
import { MAP_TILE_ATTRIBUTION, MAP_TILE_URL } from '../../env';
import './index.css';

/** A marker of our own (a station, a report, the report's place, a guide point, the rider). GCJ-02. */
export interface MapPoint {
  id: string;
  lat: number;
  lng: number;
  kind: 'station' | 'community' | 'report' | 'place' | 'here';
  /** The pin's title (read aloud, shown on long press) and the weapp callout. */
  label: string;
  /** A short mark inside the pin (P, 转, 1…); the kind's default otherwise. */
  glyph?: string;
  /** urgent: an overdue or new report (red); muted: a closed station or a fixed report. */
  tone?: 'urgent' | 'muted';
}

/** A fill of one outline of the layers (a street shaded by a figure), by the feature's `properties.id`. */
export interface MapFill {
  color: string;
  /** 0–1 (default 0.55). */
  opacity?: number;
  /** Replaces the outline's name on its label (e.g. "呼家楼 3 件"). */
  label?: string;
}

/** An area of our own drawn over the outlines (e.g. a coverage gap): one ring of [lng, lat], GCJ-02. */
export interface MapArea {
  id: string;
  ring: readonly (readonly number[])[];
  color: string;
  opacity?: number;
}

export interface GeoMapProps {
  /** Outlines, communities and stations from GET /map/layers. */
  layers?: MapLayers | null;
  /** Which of the layers to draw (default: all); e.g. outlines only when `points` has the stations. */
  layerKinds?: readonly MapLayerKind[];
  points?: readonly MapPoint[];
  /** Frame the points (default when there are any), or the layers' box. */
  fit?: 'points' | 'layers';
  /** Closest zoom when framing (one point would otherwise fill the screen). */
  maxZoom?: number;
  /** A tapped marker (stations of the layers too): open its detail. */
  onTap?: (target: { kind: MapPoint['kind']; id: string }) => void;
  /** A line under the map (what the pins are, what a tap does). */
  caption?: string;
  className?: string;
  /** Shading of outlines by feature id (streets of a figure); unlisted outlines keep their style. */
  fills?: Readonly<Record<string, MapFill>>;
  /** Areas drawn over the outlines and under the markers (e.g. coverage gaps). */
  areas?: readonly MapArea[];
  /** Frame this box [west, south, east, north] instead of the points or the layers' box. */
  bounds?: readonly number[] | null;
}

const GLYPHS: Record<MapPoint['kind'], string> = { station: '驿', community: '', report: '!', place: '●', here: '' };
let seq = 0;

/**
 * A map drawn from our own data. H5: Leaflet (loaded on first use with a dynamic import, so the
 * first page and the weapp bundle never carry it) draws the district and street outlines as SVG,
 * with no tile server — remote tiles only when TARO_APP_TILE_URL is set. weapp: WeChat's native
 * <map> with the same markers and outlines (its own tiles).
 */
export function GeoMap(props: GeoMapProps) {
  if (process.env.TARO_ENV === 'h5') return <LeafletView {...props} />;
  return <WeappView {...props} />;
}

function visibleLayers(layers: MapLayers | null | undefined, kinds: readonly MapLayerKind[] | undefined) {
  return (layers?.features ?? []).filter((f) => !kinds || kinds.includes(f.properties.kind));
}

function LeafletView({
  layers,
  layerKinds,
  points = [],
  fit,
  maxZoom = 17,
  onTap,
  caption,
  className,
  fills,
  areas,
  bounds,
}: GeoMapProps) {
  const domId = useMemo(() => `nx-geo-map-${++seq}`, []);
  const map = useRef<LeafletMap | null>(null);
  const drawn = useRef<LayerGroup | null>(null);
  const lib = useRef<typeof import('leaflet') | null>(null);
  const tap = useRef(onTap);
  tap.current = onTap;
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let gone = false;
    // The condition is written out (not IS_H5) so webpack drops the import from the weapp build.
    if (process.env.TARO_ENV === 'h5') {
      Promise.all([
        import(/* webpackChunkName: "leaflet" */ 'leaflet'),
        import(/* webpackChunkName: "leaflet" */ 'leaflet/dist/leaflet.css'),
      ])
        // Our rules for Leaflet's own elements, after its stylesheet (same specificity: order wins).
        .then(async (loaded) => {
          await import(/* webpackChunkName: "leaflet" */ './leaflet.css');
          return loaded;
        })
        .then(([mod]) => {
          const el = document.getElementById(domId);
          if (gone || !el) return;
          const L = ((mod as { default?: typeof import('leaflet') }).default ?? mod) as typeof import('leaflet');
          lib.current = L;
          const m = L.map(el, { attributionControl: Boolean(MAP_TILE_URL), zoomSnap: 0.25 });
          if (MAP_TILE_URL) L.tileLayer(MAP_TILE_URL, { attribution: MAP_TILE_ATTRIBUTION, maxZoom: 18 }).addTo(m);
          map.current = m;
          drawn.current = L.layerGroup().addTo(m);
          // The page lays out around the map after it is made (photos, a slide-in): keep its size true.
          if (typeof ResizeObserver !== 'undefined') {
            const watch = new ResizeObserver(() => m.invalidateSize());
            watch.observe(el);
            m.on('unload', () => watch.disconnect());
          }
          setReady(true);
        })
        .catch(() => {
          if (!gone) setFailed(true);
        });
    }
    return () => {
      gone = true;
      map.current?.remove();
      map.current = null;
    };
  }, [domId]);

  const features = visibleLayers(layers, layerKinds);
  useEffect(() => {
    const L = lib.current;
    const m = map.current;
    const group = drawn.current;
    if (!ready || !L || !m || !group) return;
    try {
      draw(L, m, group);
    } catch {
      // A map that cannot draw (no size yet, a bad position) must not take the page down with it.
      setFailed(true);
    }
  }, [ready, layers, layerKinds, points, fit, maxZoom, fills, areas, bounds]);

  function draw(L: typeof import('leaflet'), m: LeafletMap, group: LayerGroup) {
    group.clearLayers();
    const pins: MapPoint[] = [
      ...features
        .filter((f) => f.geometry.type === 'Point')
        .map((f) => {
          const [lng, lat] = f.geometry.coordinates as [number, number];
          return {
            id: f.properties.id,
            lat,
            lng,
            kind: f.properties.kind as 'station' | 'community',
            label: f.properties.name,
            tone: f.properties.status === 'closed' ? ('muted' as const) : undefined,
          };
        }),
      ...points,
    ];

    // Frame first: Leaflet creates a layer's elements only once the map has a view.
    m.invalidateSize();
    // What the page is about (its own points), not the context the layers add around them.
    const framed = points.filter((p) => p.kind !== 'community');
    const usePoints = (fit ?? (framed.length > 0 ? 'points' : 'layers')) === 'points' && framed.length > 0;
    const bbox = bounds && bounds.length === 4 ? bounds : layers?.bbox;
    if (usePoints && !bounds) {
      m.fitBounds(L.latLngBounds(framed.map((p) => [p.lat, p.lng] as [number, number])).pad(0.2), {
        maxZoom,
        animate: false,
      });
    } else if (bbox) {
      m.fitBounds(
        [
          [bbox[1]!, bbox[0]!],
          [bbox[3]!, bbox[2]!],
        ],
        { animate: false },
      );
    } else {
      m.setView([39.92, 116.46], 13, { animate: false });
    }

    // Outlines under the markers: the district, then its streets with their names.
    for (const f of features) {
      if (f.geometry.type !== 'Polygon') continue;
      const ring = (f.geometry.coordinates[0] ?? []).map(([lng, lat]) => [lat!, lng!] as [number, number]);
      const district = f.properties.kind === 'district';
      const fill = fills?.[f.properties.id];
      const shape = L.polygon(ring, {
        className: `nx-geo-map__${f.properties.kind}`,
        color: district ? '#c2410c' : '#0f766e',
        weight: district ? 2.5 : 1.5,
        dashArray: district ? undefined : '6 5',
        fillColor: fill?.color ?? (district ? '#fff7ed' : '#ccfbf1'),
        fillOpacity: fill ? (fill.opacity ?? 0.55) : district ? 0.6 : 0.18,
        interactive: false,
      }).addTo(group);
      const path = shape.getElement();
      if (path) {
        path.setAttribute('data-id', f.properties.id);
        path.setAttribute('data-name', f.properties.name);
        if (fill) path.setAttribute('data-fill', fill.color);
      }
      if (!district)
        shape.bindTooltip(fill?.label ?? f.properties.name, {
          permanent: true,
          direction: 'center',
          className: 'nx-geo-map__label',
        });
    }

    // Our own areas (coverage gaps) over the outlines, one SVG path for all of them.
    if (areas && areas.length > 0) {
      const byStyle = new Map<string, MapArea[]>();
      for (const a of areas) {
        const key = `${a.color}|${a.opacity ?? 0.45}`;
        byStyle.set(key, [...(byStyle.get(key) ?? []), a]);
      }
      for (const [key, list] of byStyle) {
        const [color, opacity] = key.split('|');
        L.polygon(
          list.map((a) => a.ring.map(([lng, lat]) => [lat!, lng!] as [number, number])),
          {
            className: 'nx-geo-map__area',
            stroke: false,
            fillColor: color,
            fillOpacity: Number(opacity),
            interactive: false,
          },
        ).addTo(group);
      }
    }

    for (const p of pins) {
      if (p.kind === 'community') {
        L.circleMarker([p.lat, p.lng], {
          radius: 5,
          color: '#52525b',
          weight: 1,
          fillColor: '#a1a1aa',
          fillOpacity: 0.9,
          interactive: false,
          className: 'nx-geo-map__community',
        })
          .bindTooltip(p.label, { direction: 'top', className: 'nx-geo-map__tip' })
          .addTo(group);
        continue;
      }
      const size = p.kind === 'here' ? 18 : 28;
      const marker = L.marker([p.lat, p.lng], {
        title: p.label,
        keyboard: p.kind !== 'here',
        interactive: p.kind !== 'here',
        // The rider's own dot stays visible on top; it lets taps through to the pins under it.
        zIndexOffset: p.kind === 'here' ? 1000 : p.kind === 'place' ? 500 : 0,
        icon: L.divIcon({
          className: `nx-geo-pin nx-geo-pin--${p.kind}${p.tone ? ` nx-geo-pin--${p.tone}` : ''}`,
          iconSize: [size, size],
          html: `<span class="nx-geo-pin__glyph">${escapeHtml(p.glyph ?? GLYPHS[p.kind])}</span>`,
        }),
      }).addTo(group);
      // What the marker stands for, on its element: read by the browser tests.
      const el = marker.getElement();
      if (el) {
        el.dataset.id = p.id;
        el.dataset.kind = p.kind;
        el.dataset.lat = String(p.lat);
        el.dataset.lng = String(p.lng);
      }
      if (p.kind !== 'here') marker.on('click', () => tap.current?.({ kind: p.kind, id: p.id }));
    }
    m.getContainer().dataset.ready = '1';
  }

  return (
    <View className={`nx-geo-map${className ? ` ${className}` : ''}`}>
      <View id={domId} className="nx-geo-map__canvas" />
      {failed ? <Text className="nx-geo-map__caption">地图加载失败，请刷新页面重试</Text> : null}
      {caption && !failed ? <Text className="nx-geo-map__caption">{caption}</Text> : null}
    </View>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Copied into the weapp package by config/index.ts (WeChat's <map> takes no data: URLs). */
const MARKER_ICON = '/assets/station-marker.png';

/** '#rrggbb' and an opacity as WeChat's '#rrggbbaa'. */
const withAlpha = (color: string, opacity: number) =>
  `${color}${Math.round(Math.min(1, Math.max(0, opacity)) * 255)
    .toString(16)
    .padStart(2, '0')}`;
/** WeChat's <map> draws each polygon as a native overlay: keep the largest areas only. */
const WEAPP_MAX_AREAS = 200;

function WeappView({ layers, layerKinds, points = [], onTap, caption, className, fills, areas, bounds }: GeoMapProps) {
  const features = visibleLayers(layers, layerKinds);
  const pins: MapPoint[] = [
    ...features
      .filter((f) => f.geometry.type === 'Point' && f.properties.kind === 'station')
      .map((f) => {
        const [lng, lat] = f.geometry.coordinates as [number, number];
        return { id: f.properties.id, lat, lng, kind: 'station' as const, label: f.properties.name };
      }),
    ...points.filter((p) => p.kind !== 'here' && p.kind !== 'community'),
  ];
  const outlines = features.filter((f) => f.geometry.type === 'Polygon');
  const corners =
    bounds && bounds.length === 4 ? { lng: (bounds[0]! + bounds[2]!) / 2, lat: (bounds[1]! + bounds[3]!) / 2 } : null;
  const outlineFirst = (outlines[0]?.geometry.coordinates as number[][][] | undefined)?.[0]?.[0];
  const first =
    pins[0] ?? points[0] ?? corners ?? (outlineFirst ? { lng: outlineFirst[0]!, lat: outlineFirst[1]! } : null);
  if (!first) return null;
  const polygons = [
    ...outlines.map((f) => {
      const fill = fills?.[f.properties.id];
      return {
        points: (f.geometry.coordinates[0] as number[][]).map(([lng, lat]) => ({ latitude: lat!, longitude: lng! })),
        strokeWidth: f.properties.kind === 'district' ? 3 : 2,
        strokeColor: f.properties.kind === 'district' ? '#c2410cff' : '#0f766eff',
        fillColor: fill
          ? withAlpha(fill.color, fill.opacity ?? 0.55)
          : f.properties.kind === 'district'
            ? '#fff7ed55'
            : '#ccfbf122',
        zIndex: 1,
      };
    }),
    ...(areas ?? []).slice(0, WEAPP_MAX_AREAS).map((a) => ({
      points: a.ring.map(([lng, lat]) => ({ latitude: lat!, longitude: lng! })),
      strokeWidth: 0,
      strokeColor: '#00000000',
      fillColor: withAlpha(a.color, a.opacity ?? 0.45),
      zIndex: 2,
    })),
  ];
  // What to frame: the given box, the pins, or the outlines.
  const framed =
    bounds && bounds.length === 4
      ? [
          { latitude: bounds[1]!, longitude: bounds[0]! },
          { latitude: bounds[3]!, longitude: bounds[2]! },
        ]
      : pins.length > 0
        ? pins.map((p) => ({ latitude: p.lat, longitude: p.lng }))
        : polygons.flatMap((p) => p.points);
  return (
    <View className={`nx-geo-map${className ? ` ${className}` : ''}`}>
      <WxMap
        className="nx-geo-map__canvas"
        latitude={first.lat}
        longitude={first.lng}
        scale={16}
        showLocation
        includePoints={framed}
        polygons={polygons as never}
        markers={pins.map((p, i) => ({
          id: i,
          latitude: p.lat,
          longitude: p.lng,
          iconPath: MARKER_ICON,
          width: 30,
          height: 40,
          title: p.label,
        }))}
        onMarkerTap={(e) => {
          const p = pins[Number(e.detail.markerId)];
          if (p) onTap?.({ kind: p.kind, id: p.id });
        }}
        onError={() => undefined}
      />
      {caption ? <Text className="nx-geo-map__caption">{caption}</Text> : null}
    </View>
  );
}
