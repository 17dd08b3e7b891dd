// Client-safe constants of the geo job (districts, streets, communities, shops): no imports,
// `as const` only, so the mini-program can bundle this file without TypeBox.

/** What a 友好商户 does; the value is stored, the label is shown. */
export const MERCHANT_KINDS = [
  'barber',
  'laundry',
  'repair',
  'food',
  'grocery',
  'pharmacy',
  'charging',
  'other',
] as const;
export type MerchantKind = (typeof MERCHANT_KINDS)[number];
export const MERCHANT_KIND_LABELS = {
  barber: '理发',
  laundry: '洗衣',
  repair: '维修',
  food: '餐饮',
  grocery: '便利店',
  pharmacy: '药店',
  charging: '充电换电',
  other: '其他',
} as const satisfies Record<MerchantKind, string>;

/** Longest names and addresses the forms accept (characters). */
export const ORG_NAME_MAX = 40;
export const ORG_ADDRESS_MAX = 120;
/** 街道/社区/商户 codes: letters, digits and hyphens. */
export const ORG_CODE_PATTERN = '^[0-9A-Za-z][0-9A-Za-z-]{1,31}$';

// ---- Places (GET /places/describe, /places/search, /places/areas) ----

/** What a place search finds. */
export const PLACE_KINDS = ['district', 'street', 'community', 'station'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];
export const PLACE_KIND_LABELS = {
  district: '区',
  street: '街道',
  community: '社区',
  station: '驿站',
} as const satisfies Record<PlaceKind, string>;
/** A community farther than this is not named (it would not help anyone find the spot). */
export const PLACE_COMMUNITY_RADIUS_M = 1000;
/** The nearest station is named up to this far (beyond it: 不在已开通的区域内, nothing near). */
export const PLACE_LANDMARK_RADIUS_M = 5000;
/** Shortest and longest search text (characters), and most hits returned. */
export const PLACE_SEARCH = { minChars: 1, maxChars: 40, limit: 20 } as const;
/** Shown for a point outside every district and street we serve. */
export const OUTSIDE_SERVICE_LABEL = '不在已开通的区域内';
/**
 * GET /map/layers (the H5 map drawn from our own data): the layers a feature belongs to, and the
 * bounds of one answer. A box wider than `maxBoxDiagonalM` is refused (a district fits: Chaoyang
 * is ~30 km across); at most `maxPoints` communities and as many stations, nearest the middle first.
 */
export const MAP_LAYER_KINDS = ['district', 'street', 'community', 'station'] as const;
export type MapLayerKind = (typeof MAP_LAYER_KINDS)[number];
export const MAP_LAYER_LIMITS = { maxBoxDiagonalM: 60_000, maxPoints: 500 } as const;
