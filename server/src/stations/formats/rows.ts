import {
  AMENITIES,
  AMENITY_LABELS,
  STATION_STATUSES,
  STATION_STATUS_LABELS,
  STATION_TYPES,
  STATION_TYPE_LABELS,
} from '@nuanxin/shared/stations/constants';
import type { Closure, HoursSlot, OpeningHours, Station } from '@nuanxin/shared/stations/schemas';

/**
 * The file formats of stations. CSV columns (header names, any order; unknown columns are an
 * error so a typo is not silently dropped):
 *   external_id, name, type, lng, lat, address, street_code, district_adcode, hours, closures,
 *   amenities, seats, charging_ports, swap_ports, contact_name, contact_phone, status,
 *   status_note, photos
 * GeoJSON: a FeatureCollection of Point features ([lng, lat]) whose properties use the same
 * names (camelCase also accepted); hours/closures may be the API objects or the texts below.
 *
 * hours:    `24h`, or `1-5 08:00-22:00; 6,7 09:00-12:00 13:00-02:00` (days 1 = Monday … 7 = Sunday;
 *           a close at or before the open runs past midnight). Empty = no regular hours.
 * closures: `2025-01-28~2025-02-04 春节休息; 2025-05-01 劳动节`
 * amenities, photos: separated by `|` (amenities by code or Chinese label, e.g. `充电|热水`)
 * type, status: code or Chinese label.
 */
export const CSV_COLUMNS = [
  'external_id',
  'name',
  'type',
  'lng',
  'lat',
  'address',
  'street_code',
  'district_adcode',
  'hours',
  'closures',
  'amenities',
  'seats',
  'charging_ports',
  'swap_ports',
  'contact_name',
  'contact_phone',
  'status',
  'status_note',
  'photos',
] as const;
export type Column = (typeof CSV_COLUMNS)[number];
export const REQUIRED_COLUMNS: Column[] = ['external_id', 'name', 'type', 'lng', 'lat'];

export class RowError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const byLabel = <C extends string>(
  codes: readonly C[],
  labels: Record<C, string>,
  value: string,
  field: string,
  what: string,
): C => {
  const v = value.trim();
  const code = codes.find((c) => c === v || labels[c] === v);
  if (!code) throw new RowError(field, `不认识的${what}「${v}」`);
  return code;
};

const CLOCK = /^(\d{1,2}):(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');
function clock(text: string, field: string): string {
  const m = CLOCK.exec(text.trim());
  if (!m) throw new RowError(field, `时间「${text}」不是 HH:MM`);
  return `${pad(Number(m[1]))}:${m[2]}`;
}

export function parseHoursText(text: string, field = 'hours'): Pick<OpeningHours, 'is24h' | 'weekly'> {
  const weekly: HoursSlot[][] = [[], [], [], [], [], [], []];
  const t = text.trim();
  if (/^(24h|24小时|24\s*小时|全天)$/i.test(t)) return { is24h: true, weekly };
  if (t === '') return { is24h: false, weekly };
  for (const part of t
    .split(/[;；]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([\d,\-，、]+)\s+(.+)$/.exec(part);
    if (!m) throw new RowError(field, `营业时间「${part}」应写成「1-5 08:00-22:00」`);
    const days = new Set<number>();
    for (const d of m[1]!.split(/[,，、]/)) {
      const r = /^(\d)(?:-(\d))?$/.exec(d.trim());
      if (!r) throw new RowError(field, `星期「${d}」应为 1-7`);
      const from = Number(r[1]);
      const to = Number(r[2] ?? r[1]);
      if (from < 1 || to > 7 || from > to) throw new RowError(field, `星期「${d}」应为 1-7`);
      for (let x = from; x <= to; x++) days.add(x - 1);
    }
    const slots = m[2]!.split(/\s+/).map((s) => {
      const [open, close, extra] = s.split('-');
      if (!open || !close || extra !== undefined) throw new RowError(field, `时段「${s}」应写成 08:00-22:00`);
      return { open: clock(open, field), close: clock(close, field) };
    });
    for (const d of days) weekly[d]!.push(...slots);
  }
  return { is24h: false, weekly };
}

export function formatHoursText(hours: Pick<OpeningHours, 'is24h' | 'weekly'>): string {
  if (hours.is24h) return '24h';
  const groups: { days: number[]; key: string }[] = [];
  hours.weekly.forEach((slots, day) => {
    if (slots.length === 0) return;
    const key = slots.map((s) => `${s.open}-${s.close}`).join(' ');
    const last = groups.at(-1);
    if (last && last.key === key && last.days.at(-1) === day - 1) last.days.push(day);
    else groups.push({ days: [day], key });
  });
  return groups
    .map((g) => {
      const first = g.days[0]! + 1;
      const last = g.days.at(-1)! + 1;
      return `${first === last ? first : `${first}-${last}`} ${g.key}`;
    })
    .join('; ');
}

export function parseClosuresText(text: string, field = 'closures'): Closure[] {
  return text
    .split(/[;；]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(\d{4}-\d{2}-\d{2})(?:\s*~\s*(\d{4}-\d{2}-\d{2}))?\s*(.*)$/.exec(part);
      if (!m) throw new RowError(field, `停业日期「${part}」应写成「2025-01-28~2025-02-04 说明」`);
      return { from: m[1]!, to: m[2] ?? m[1]!, note: m[3]!.trim() };
    });
}

export const formatClosuresText = (closures: Closure[]) =>
  closures.map((c) => `${c.from === c.to ? c.from : `${c.from}~${c.to}`}${c.note ? ` ${c.note}` : ''}`).join('; ');

const list = (v: string) =>
  v
    .split(/[|｜、]/)
    .map((s) => s.trim())
    .filter(Boolean);

function num(v: string | number | undefined | null, field: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n)) throw new RowError(field, `「${v}」不是数字`);
  return n;
}

function count(v: string | number | undefined | null, field: string): number | null {
  const n = num(v, field);
  if (n === undefined) return null;
  if (!Number.isInteger(n) || n < 0) throw new RowError(field, `数量「${v}」应为非负整数`);
  return n;
}

/** What one file row says, before the schema check: a station input plus where and how it stands. */
export interface RowDraft {
  externalId: string;
  input: Record<string, unknown>;
  streetCode?: string;
  districtCode?: string;
  status: 'open' | 'closed';
  statusNote: string | null;
}

type Props = Record<string, unknown>;
const pick = (p: Props, ...keys: string[]) => {
  for (const k of keys) if (p[k] !== undefined && p[k] !== null) return p[k];
  return undefined;
};
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/** A row of either format → draft. Throws RowError naming the field. */
export function draftFromProps(p: Props, position: { lat: unknown; lng: unknown }): RowDraft {
  const externalId = str(pick(p, 'external_id', 'externalId', 'id'));
  if (!externalId) throw new RowError('external_id', '缺少外部编号 external_id（导入按它更新或新增）');
  if (externalId.length > 64) throw new RowError('external_id', '外部编号太长（最多 64 个字符）');
  const lat = num(position.lat as string, 'lat');
  const lng = num(position.lng as string, 'lng');
  if (lat === undefined) throw new RowError('lat', '缺少纬度 lat');
  if (lng === undefined) throw new RowError('lng', '缺少经度 lng');
  if (lat < -90 || lat > 90) throw new RowError('lat', `纬度 ${lat} 超出 -90～90`);
  if (lng < -180 || lng > 180) throw new RowError('lng', `经度 ${lng} 超出 -180～180`);

  const hoursRaw = pick(p, 'hours');
  const closuresRaw = pick(p, 'closures');
  let hours: Props;
  if (hoursRaw && typeof hoursRaw === 'object') {
    hours = { ...(hoursRaw as Props) };
    if (closuresRaw !== undefined)
      hours.closures = typeof closuresRaw === 'string' ? parseClosuresText(closuresRaw) : closuresRaw;
  } else {
    hours = {
      ...parseHoursText(str(hoursRaw)),
      closures: typeof closuresRaw === 'object' && closuresRaw ? closuresRaw : parseClosuresText(str(closuresRaw)),
    };
  }
  const amenitiesRaw = pick(p, 'amenities');
  const amenities = (Array.isArray(amenitiesRaw) ? amenitiesRaw.map(str) : list(str(amenitiesRaw))).map((a) =>
    byLabel(AMENITIES, AMENITY_LABELS, a, 'amenities', '设施'),
  );
  const photosRaw = pick(p, 'photos');
  const typeRaw = str(pick(p, 'type'));
  if (!typeRaw) throw new RowError('type', '缺少驿站类型 type');
  const statusRaw = str(pick(p, 'status'));
  const countsRaw = (pick(p, 'counts') ?? {}) as Props;
  const contactRaw = (pick(p, 'contact') ?? {}) as Props;
  const contactName = str(pick(p, 'contact_name', 'contactName') ?? contactRaw.name);
  const contactPhone = str(pick(p, 'contact_phone', 'contactPhone') ?? contactRaw.phone);
  const streetCode = str(pick(p, 'street_code', 'streetCode'));
  const districtCode = str(pick(p, 'district_adcode', 'districtAdcode'));
  return {
    externalId,
    input: {
      externalId,
      name: str(pick(p, 'name')),
      type: byLabel(STATION_TYPES, STATION_TYPE_LABELS, typeRaw, 'type', '驿站类型'),
      lat,
      lng,
      address: str(pick(p, 'address')),
      hours,
      amenities,
      counts: {
        seats: count((pick(p, 'seats') as string) ?? countsRaw.seats, 'seats'),
        chargingPorts: count(
          (pick(p, 'charging_ports', 'chargingPorts') as string) ?? countsRaw.chargingPorts,
          'charging_ports',
        ),
        swapPorts: count((pick(p, 'swap_ports', 'swapPorts') as string) ?? countsRaw.swapPorts, 'swap_ports'),
      },
      contact: { name: contactName || null, phone: contactPhone || null },
      photos: Array.isArray(photosRaw) ? photosRaw.map(str) : list(str(photosRaw)),
    },
    ...(streetCode ? { streetCode } : {}),
    ...(districtCode ? { districtCode } : {}),
    status: statusRaw ? byLabel(STATION_STATUSES, STATION_STATUS_LABELS, statusRaw, 'status', '状态') : 'open',
    statusNote: str(pick(p, 'status_note', 'statusNote')) || null,
  };
}

/** A station as one CSV line (same columns as CSV_COLUMNS) and as a GeoJSON feature. */
/** What one CSV line needs of a station: a stored one (export) or a generated one (scripts). */
export type CsvStation = Pick<
  Station,
  | 'externalId'
  | 'name'
  | 'type'
  | 'lng'
  | 'lat'
  | 'address'
  | 'hours'
  | 'amenities'
  | 'counts'
  | 'contact'
  | 'status'
  | 'statusNote'
  | 'photos'
>;

export function stationToCsvValues(
  s: CsvStation,
  codes: { street: string | null; district: string | null },
): Record<Column, string | number | null> {
  return {
    external_id: s.externalId,
    name: s.name,
    type: s.type,
    lng: s.lng,
    lat: s.lat,
    address: s.address,
    street_code: codes.street,
    district_adcode: codes.district,
    hours: formatHoursText(s.hours),
    closures: formatClosuresText(s.hours.closures),
    amenities: s.amenities.join('|'),
    seats: s.counts.seats,
    charging_ports: s.counts.chargingPorts,
    swap_ports: s.counts.swapPorts,
    contact_name: s.contact.name,
    contact_phone: s.contact.phone,
    status: s.status,
    status_note: s.statusNote,
    photos: s.photos.join('|'),
  };
}
