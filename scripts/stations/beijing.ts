// A realistic, deterministic Beijing-scale stations data set: the 16 real district outlines
// (data/beijing-districts.geojson, GCJ-02), stations spread by district weight and clustered
// around a few hotspots per district. Used by generate.ts (files for import.ts), districts.ts
// (registers the districts the importer places stations in) and the stations-nearby benchmark.
import fs from 'node:fs';
import type { Amenity, StationType } from '@nuanxin/shared/stations/constants';
import { STATION_TYPE_LABELS } from '@nuanxin/shared/stations/constants';
import type { Closure, HoursSlot, OpeningHours } from '@nuanxin/shared/stations/schemas';
import type { Db } from '@nuanxin/server/db/client';
import { districts } from '@nuanxin/server/db/schema/index';
import { seedId } from '@nuanxin/server/seed/demo';
import { CSV_COLUMNS, csvCell, insideRing, stationToCsvValues } from '@nuanxin/server/stations/index';

export const DISTRICTS_FILE = new URL('./data/beijing-districts.geojson', import.meta.url);

type LngLat = { lng: number; lat: number };

export interface District {
  adcode: string;
  name: string;
  /** Outer ring of the largest polygon: what is stored in `districts.boundary` and what points are drawn in. */
  ring: LngLat[];
  bbox: { west: number; south: number; east: number; north: number };
}

/**
 * Share of stations per district. Approximate share of the resident population (2020 census,
 * 10k people) with the six core districts (东城/西城/朝阳/海淀/丰台/石景山) weighted ×2, because
 * delivery orders — and so riders and stations — concentrate there far more than people do.
 * Hotspots are [name, lng, lat] in GCJ-02, approximate; `sigmaKm` is the spread around them.
 */
const PROFILES: Record<
  string,
  { population: number; core: boolean; sigmaKm: number; hotspots: [string, number, number][] }
> = {
  '110101': {
    population: 71,
    core: true,
    sigmaKm: 0.9,
    hotspots: [
      ['王府井', 116.411, 39.914],
      ['东直门', 116.434, 39.941],
      ['崇文门', 116.417, 39.901],
      ['雍和宫', 116.417, 39.949],
    ],
  },
  '110102': {
    population: 111,
    core: true,
    sigmaKm: 0.9,
    hotspots: [
      ['西单', 116.374, 39.913],
      ['金融街', 116.359, 39.916],
      ['德胜门', 116.378, 39.948],
      ['西直门', 116.355, 39.94],
      ['广安门', 116.357, 39.889],
    ],
  },
  '110105': {
    population: 345,
    core: true,
    sigmaKm: 1.4,
    hotspots: [
      ['望京SOHO', 116.481, 39.996],
      ['国贸', 116.461, 39.909],
      ['三里屯', 116.455, 39.937],
      ['双井', 116.463, 39.893],
      ['酒仙桥', 116.495, 39.968],
      ['大望路', 116.476, 39.908],
      ['亚运村', 116.41, 39.99],
      ['常营', 116.6, 39.928],
    ],
  },
  '110106': {
    population: 202,
    core: true,
    sigmaKm: 1.3,
    hotspots: [
      ['丽泽', 116.312, 39.865],
      ['方庄', 116.435, 39.866],
      ['总部基地', 116.29, 39.83],
      ['六里桥', 116.309, 39.88],
      ['科技园', 116.265, 39.823],
    ],
  },
  '110107': {
    population: 57,
    core: true,
    sigmaKm: 1.0,
    hotspots: [
      ['鲁谷', 116.232, 39.899],
      ['古城', 116.19, 39.907],
      ['苹果园', 116.178, 39.926],
    ],
  },
  '110108': {
    population: 313,
    core: true,
    sigmaKm: 1.4,
    hotspots: [
      ['中关村', 116.316, 39.984],
      ['五道口', 116.338, 39.993],
      ['西二旗', 116.306, 40.053],
      ['公主坟', 116.31, 39.907],
      ['学院路', 116.353, 39.99],
      ['上地', 116.3, 40.033],
    ],
  },
  '110109': {
    population: 39,
    core: false,
    sigmaKm: 1.5,
    hotspots: [
      ['城子', 116.103, 39.94],
      ['永定', 116.09, 39.92],
    ],
  },
  '110111': {
    population: 131,
    core: false,
    sigmaKm: 2.0,
    hotspots: [
      ['良乡', 116.14, 39.73],
      ['长阳', 116.2, 39.765],
      ['燕山', 115.97, 39.72],
    ],
  },
  '110112': {
    population: 184,
    core: false,
    sigmaKm: 1.8,
    hotspots: [
      ['梨园', 116.662, 39.885],
      ['城市副中心', 116.727, 39.906],
      ['北苑', 116.64, 39.905],
      ['宋庄', 116.72, 39.96],
    ],
  },
  '110113': {
    population: 132,
    core: false,
    sigmaKm: 2.0,
    hotspots: [
      ['顺义城区', 116.655, 40.13],
      ['后沙峪', 116.54, 40.11],
      ['马坡', 116.66, 40.17],
    ],
  },
  '110114': {
    population: 227,
    core: false,
    sigmaKm: 1.8,
    hotspots: [
      ['回龙观', 116.335, 40.07],
      ['天通苑', 116.42, 40.07],
      ['昌平城区', 116.235, 40.22],
      ['沙河', 116.29, 40.13],
    ],
  },
  '110115': {
    population: 199,
    core: false,
    sigmaKm: 1.8,
    hotspots: [
      ['亦庄', 116.507, 39.795],
      ['黄村', 116.338, 39.727],
      ['西红门', 116.335, 39.79],
      ['旧宫', 116.45, 39.81],
    ],
  },
  '110116': {
    population: 44,
    core: false,
    sigmaKm: 2.0,
    hotspots: [
      ['怀柔城区', 116.632, 40.316],
      ['雁栖', 116.67, 40.4],
    ],
  },
  '110117': { population: 46, core: false, sigmaKm: 2.0, hotspots: [['平谷城区', 117.121, 40.141]] },
  '110118': { population: 53, core: false, sigmaKm: 2.0, hotspots: [['密云城区', 116.843, 40.377]] },
  '110119': { population: 35, core: false, sigmaKm: 2.0, hotspots: [['延庆城区', 115.975, 40.457]] },
};
const CORE_BOOST = 2;
/** Share of stations spread evenly over the district instead of around a hotspot. */
const SCATTER = 0.15;

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let cached: District[] | undefined;
export function loadDistricts(): District[] {
  if (cached) return cached;
  const doc = JSON.parse(fs.readFileSync(DISTRICTS_FILE, 'utf8')) as {
    features: {
      properties: { adcode: number; name: string };
      geometry: { type: string; coordinates: number[][][][] };
    }[];
  };
  cached = doc.features.map((f) => {
    const polygons =
      f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [f.geometry.coordinates as unknown as number[][][]];
    const outer = polygons.map((p) => p[0]!).sort((a, b) => b.length - a.length)[0]!;
    const ring = outer.map(([lng, lat]) => ({ lng: lng!, lat: lat! }));
    return {
      adcode: String(f.properties.adcode),
      name: f.properties.name,
      ring,
      bbox: {
        west: Math.min(...ring.map((p) => p.lng)),
        east: Math.max(...ring.map((p) => p.lng)),
        south: Math.min(...ring.map((p) => p.lat)),
        north: Math.max(...ring.map((p) => p.lat)),
      },
    };
  });
  return cached;
}

/** The 16 districts as `districts` rows (ids as the demo seed makes them); existing adcodes are kept. */
export async function registerDistricts(db: Db): Promise<Map<string, string>> {
  const list = loadDistricts();
  await db
    .insert(districts)
    .values(list.map((d) => ({ id: seedId(`district:${d.adcode}`), adcode: d.adcode, name: d.name, boundary: d.ring })))
    .onConflictDoNothing({ target: districts.adcode });
  const rows = await db.select({ id: districts.id, adcode: districts.adcode }).from(districts);
  return new Map(rows.map((r) => [r.adcode, r.id]));
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const KM_PER_DEG_LAT = 111.2;

export interface SampledPoint {
  district: District;
  hotspot: string;
  lat: number;
  lng: number;
}

/**
 * Positions in Beijing weighted by district, clustered around hotspots (Gaussian, `sigmaKm`), or
 * with probability SCATTER anywhere in the district; rejection-sampled into the district outline.
 */
export function pointSampler(random: () => number): () => SampledPoint {
  const list = loadDistricts();
  const weights = list.map((d) => {
    const p = PROFILES[d.adcode];
    if (!p) throw new Error(`no profile for district ${d.adcode}`);
    return p.population * (p.core ? CORE_BOOST : 1);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = weights.map(
    (
      (sum) => (w: number) =>
        (sum += w / total)
    )(0),
  );
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const nearestHotspot = (hotspots: [string, number, number][], lat: number, lng: number) =>
    hotspots.reduce((best, h) =>
      Math.hypot(h[1] - lng, h[2] - lat) < Math.hypot(best[1] - lng, best[2] - lat) ? h : best,
    )[0];
  return () => {
    const r = random();
    const district = list[cumulative.findIndex((c) => r <= c)] ?? list.at(-1)!;
    const profile = PROFILES[district.adcode]!;
    const { bbox } = district;
    for (let attempt = 0; ; attempt++) {
      let lat: number;
      let lng: number;
      let hotspot: string;
      if (attempt < 50 && random() >= SCATTER) {
        const h = profile.hotspots[Math.floor(random() * profile.hotspots.length)]!;
        hotspot = h[0];
        lat = h[2] + (gauss() * profile.sigmaKm) / KM_PER_DEG_LAT;
        lng = h[1] + (gauss() * profile.sigmaKm) / (KM_PER_DEG_LAT * Math.cos((h[2] * Math.PI) / 180));
      } else {
        lat = bbox.south + random() * (bbox.north - bbox.south);
        lng = bbox.west + random() * (bbox.east - bbox.west);
        hotspot = nearestHotspot(profile.hotspots, lat, lng);
      }
      lat = round6(lat);
      lng = round6(lng);
      if (insideRing(district.ring, lat, lng)) return { district, hotspot, lat, lng };
    }
  };
}

/** One generated station, in the shape of an import row (plus the typed pieces the benchmark inserts). */
export interface GeneratedStation {
  externalId: string;
  name: string;
  type: StationType;
  lat: number;
  lng: number;
  address: string;
  districtAdcode: string;
  hours: OpeningHours;
  amenities: Amenity[];
  counts: { seats: number | null; chargingPorts: number | null; swapPorts: number | null };
  contact: { name: string | null; phone: string | null };
  status: 'open' | 'closed';
  statusNote: string | null;
}

/** Type mix: mostly 全时驿站 / 暖新驿站 / 换电柜 / 充电站. */
const TYPE_MIX: [StationType, number][] = [
  ['all_day', 24],
  ['nuanxin', 20],
  ['battery_swap', 18],
  ['charging', 14],
  ['rider_refuel', 7],
  ['city', 6],
  ['friendly_merchant', 5],
  ['business', 4],
  ['apartment', 2],
];

const SHELTER_AMENITIES: [Amenity, number][] = [
  ['hot_water', 0.9],
  ['seating', 0.9],
  ['charging', 0.75],
  ['microwave', 0.6],
  ['air_conditioning', 0.7],
  ['toilet', 0.5],
  ['raincoat', 0.35],
  ['first_aid', 0.4],
  ['repair_tools', 0.3],
  ['fridge', 0.25],
  ['books', 0.2],
  ['legal_advice', 0.08],
  ['counselling', 0.06],
  ['parking', 0.3],
];

const ROADS = ['路', '街', '大街', '南路', '北路', '东路', '西路', '胡同'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗';
const every = (slots: HoursSlot[]) => [0, 1, 2, 3, 4, 5, 6].map(() => slots);
const weekdaysAndWeekend = (weekday: HoursSlot[], weekend: HoursSlot[]) =>
  [0, 1, 2, 3, 4, 5, 6].map((d) => (d < 5 ? weekday : weekend));
const HOLIDAY_CLOSURES: Closure[][] = [
  [{ from: '2026-02-16', to: '2026-02-22', note: '春节休息' }],
  [{ from: '2026-05-01', to: '2026-05-03', note: '劳动节' }],
  [{ from: '2026-03-10', to: '2026-03-10', note: '设备检修' }],
];

function hoursFor(type: StationType, random: () => number): OpeningHours {
  const always: OpeningHours = { is24h: true, weekly: every([]), closures: [] };
  const r = random();
  let hours: OpeningHours;
  switch (type) {
    case 'all_day':
    case 'battery_swap':
    case 'apartment':
      hours = r < 0.92 ? always : { is24h: false, weekly: every([{ open: '06:00', close: '02:00' }]), closures: [] };
      break;
    case 'charging':
      hours = r < 0.7 ? always : { is24h: false, weekly: every([{ open: '07:00', close: '23:00' }]), closures: [] };
      break;
    case 'rider_refuel':
      // Late-night food for riders: past midnight.
      hours = {
        is24h: false,
        weekly: every([{ open: r < 0.5 ? '10:00' : '16:00', close: r < 0.5 ? '02:00' : '03:00' }]),
        closures: [],
      };
      break;
    case 'nuanxin':
    case 'city':
      hours =
        r < 0.5
          ? { is24h: false, weekly: every([{ open: '08:00', close: '20:00' }]), closures: [] }
          : r < 0.8
            ? {
                is24h: false,
                weekly: weekdaysAndWeekend([{ open: '07:30', close: '21:30' }], [{ open: '09:00', close: '18:00' }]),
                closures: [],
              }
            : r < 0.9
              ? {
                  is24h: false,
                  weekly: every([
                    { open: '08:00', close: '12:00' },
                    { open: '13:30', close: '22:00' },
                  ]),
                  closures: [],
                }
              : always;
      break;
    case 'friendly_merchant':
    case 'business':
      hours = {
        is24h: false,
        weekly: every([{ open: r < 0.5 ? '09:00' : '10:00', close: r < 0.3 ? '21:00' : '22:00' }]),
        closures: [],
      };
      break;
  }
  if (!hours.is24h && random() < 0.06)
    hours.closures = HOLIDAY_CLOSURES[Math.floor(random() * HOLIDAY_CLOSURES.length)]!;
  return hours;
}

function amenitiesFor(type: StationType, random: () => number): Amenity[] {
  const set = new Set<Amenity>();
  if (type === 'battery_swap') {
    set.add('battery_swap');
    if (random() < 0.3) set.add('charging');
    if (random() < 0.2) set.add('parking');
  } else if (type === 'charging') {
    set.add('charging');
    if (random() < 0.4) set.add('parking');
    if (random() < 0.2) set.add('hot_water');
  } else if (type === 'friendly_merchant' || type === 'business') {
    for (const [a, p] of [
      ['hot_water', 0.7],
      ['charging', 0.5],
      ['toilet', 0.4],
      ['seating', 0.6],
      ['microwave', 0.3],
    ] as [Amenity, number][]) {
      if (random() < p) set.add(a);
    }
  } else {
    for (const [a, p] of SHELTER_AMENITIES) if (random() < p) set.add(a);
    if (random() < 0.15) set.add('battery_swap');
  }
  return [...set];
}

const pick = <T>(mix: [T, number][], random: () => number): T => {
  const total = mix.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [v, w] of mix) if ((r -= w) < 0) return v;
  return mix.at(-1)![0];
};

/** `count` stations, the same ones for the same seed. */
export function generateStations(opts: { count: number; seed: number }): GeneratedStation[] {
  const random = rng(opts.seed);
  const sample = pointSampler(random);
  const out: GeneratedStation[] = [];
  const width = Math.max(6, String(opts.count).length);
  for (let i = 1; i <= opts.count; i++) {
    const p = sample();
    const type = pick(TYPE_MIX, random);
    const amenities = amenitiesFor(type, random);
    const shelter = !['battery_swap', 'charging'].includes(type);
    const closed = random() < 0.01;
    const road = `${p.hotspot.replace(/(城区|SOHO)$/, '')}${ROADS[Math.floor(random() * ROADS.length)]}`;
    out.push({
      externalId: `bj-${String(i).padStart(width, '0')}`,
      name: `${p.district.name}·${p.hotspot}${STATION_TYPE_LABELS[type]} #${i}`,
      type,
      lat: p.lat,
      lng: p.lng,
      address: `北京市${p.district.name}${road}${1 + Math.floor(random() * 200)}号`,
      districtAdcode: p.district.adcode,
      hours: hoursFor(type, random),
      amenities,
      counts: {
        seats: shelter ? 4 + Math.floor(random() * 30) : null,
        chargingPorts: amenities.includes('charging')
          ? 2 + Math.floor(random() * (type === 'charging' ? 30 : 10))
          : null,
        swapPorts: amenities.includes('battery_swap') ? 6 + Math.floor(random() * 18) : null,
      },
      contact:
        random() < 0.7
          ? {
              name: `${SURNAMES[Math.floor(random() * SURNAMES.length)]}站长`,
              phone: `010-${6000_0000 + Math.floor(random() * 3000_0000)}`,
            }
          : { name: null, phone: null },
      status: closed ? 'closed' : 'open',
      statusNote: closed ? '设备检修，暂停开放' : null,
    });
  }
  return out;
}

/** The import formats (see server/src/stations/formats/rows.ts). */
export function toCsv(list: GeneratedStation[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of list) {
    const v = stationToCsvValues({ ...s, photos: [] }, { street: null, district: s.districtAdcode });
    lines.push(CSV_COLUMNS.map((c) => csvCell(v[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function toGeoJson(list: GeneratedStation[]): string {
  const features = list.map((s) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [s.lng, s.lat] },
    properties: {
      external_id: s.externalId,
      name: s.name,
      type: s.type,
      address: s.address,
      district_adcode: s.districtAdcode,
      hours: s.hours,
      amenities: s.amenities,
      counts: s.counts,
      contact: s.contact,
      status: s.status,
      status_note: s.statusNote,
    },
  }));
  return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}
