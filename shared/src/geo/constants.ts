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

/**
 * GET /map/layers (the H5 map drawn from our own data): the layers a feature belongs to, and the
 * bounds of one answer. A box wider than `maxBoxDiagonalM` is refused (a district fits: Chaoyang
 * is ~30 km across); at most `maxPoints` communities and as many stations, nearest the middle first.
 */
export const MAP_LAYER_KINDS = ['district', 'street', 'community', 'station'] as const;
export type MapLayerKind = (typeof MAP_LAYER_KINDS)[number];
export const MAP_LAYER_LIMITS = { maxBoxDiagonalM: 60_000, maxPoints: 500 } as const;
