// Client-safe constants of the stations domain: no imports, `as const` only (the mini-program
// bundles this file). Codes are stable API values; labels are what people read.

/** Managed list of station types. Add a code here (and nowhere else) to add a type. */
export const STATION_TYPES = [
  'all_day',
  'rider_refuel',
  'nuanxin',
  'city',
  'business',
  'friendly_merchant',
  'battery_swap',
  'charging',
  'apartment',
] as const;
export type StationType = (typeof STATION_TYPES)[number];

export const STATION_TYPE_LABELS = {
  all_day: '全时驿站',
  rider_refuel: '小哥加油站',
  nuanxin: '暖新驿站',
  city: '城市驿站',
  business: '商圈驿站',
  friendly_merchant: '友好商户',
  battery_swap: '换电柜',
  charging: '充电站',
  apartment: '暖新公寓',
} as const satisfies Record<StationType, string>;

/** Managed list of amenities. */
export const AMENITIES = [
  'charging',
  'hot_water',
  'microwave',
  'fridge',
  'air_conditioning',
  'toilet',
  'seating',
  'raincoat',
  'repair_tools',
  'first_aid',
  'books',
  'legal_advice',
  'counselling',
  'battery_swap',
  'parking',
  'other',
] as const;
export type Amenity = (typeof AMENITIES)[number];

export const AMENITY_LABELS = {
  charging: '充电',
  hot_water: '热水',
  microwave: '微波炉',
  fridge: '冰箱',
  air_conditioning: '空调',
  toilet: '卫生间',
  seating: '座椅',
  raincoat: '雨衣',
  repair_tools: '维修工具',
  first_aid: '医药箱',
  books: '图书',
  legal_advice: '法律咨询',
  counselling: '心理咨询',
  battery_swap: '换电柜',
  parking: '停车位',
  other: '其他',
} as const satisfies Record<Amenity, string>;

export const STATION_STATUSES = ['open', 'closed'] as const;
export type StationStatus = (typeof STATION_STATUSES)[number];
export const STATION_STATUS_LABELS = { open: '正常开放', closed: '临时关闭' } as const satisfies Record<
  StationStatus,
  string
>;

/** Coordinate systems a position may be sent in; stations are stored in GCJ-02. */
export const COORD_SYSTEMS = ['gcj02', 'wgs84'] as const;
export type CoordSystem = (typeof COORD_SYSTEMS)[number];

/** Weekly hours are 7 lists, index 0 = Monday … 6 = Sunday (ISO weekday − 1). */
export const WEEKDAY_LABELS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

/** Opening hours and "open now" are reckoned in this zone (UTC+8, no daylight saving). */
export const STATIONS_TIME_ZONE = 'Asia/Shanghai';

export const NEARBY_LIMITS = {
  defaultRadiusM: 5_000,
  maxRadiusM: 50_000,
  defaultPageSize: 20,
  maxPageSize: 50,
  /** The map viewport: at most this many stations, and a viewport at most this wide (diagonal). */
  maxBoxItems: 500,
  defaultBoxItems: 200,
  maxBoxDiagonalM: 60_000,
} as const;

/** "最近的全时驿站" searches this far before answering that there is none. */
export const NEAREST_MAX_RADIUS_M = 50_000;
