import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, literals, Nullable } from '../common/schemas.js';
import {
  EARNING_RULES,
  GRANT_RULES,
  POINT_NOTICE_KINDS,
  REWARD_PERIODS,
  TRANSFER_REASONS,
  VOUCHER_STATUSES,
  VOUCHER_VALIDITY,
} from './constants.js';

/** A client-chosen key that makes a retried POST the same operation. */
export const IdempotencyKey = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const PointsSummary = Type.Object(
  {
    available: Type.Integer({ description: 'Points the rider can spend now' }),
    held: Type.Integer({ description: 'Points held for open vouchers' }),
    expiringSoon: Type.Object({
      amount: Type.Integer(),
      /** Earliest expiry among those points, or null when nothing expires within the notice window. */
      earliest: Nullable(DateTime),
      windowDays: Type.Integer(),
    }),
    totalEarned: Type.Integer(),
  },
  { $id: 'PointsSummary' },
);
export type PointsSummary = Static<typeof PointsSummary>;

export const HistoryLine = Type.Object({
  id: Type.String(),
  at: DateTime,
  /** Effect on the available balance: +2 earned, −10 held, 0 a hold that was used. */
  amount: Type.Integer(),
  reason: literals(TRANSFER_REASONS),
  reasonLabel: Type.String(),
  /** Says what for: the reward and shop, the grant's note, the report. */
  detail: Type.String(),
});
export type HistoryLine = Static<typeof HistoryLine>;

export const HistoryQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  },
  { additionalProperties: false },
);
export type HistoryQuery = Static<typeof HistoryQuery>;

export const HistoryPage = Type.Object({ items: Type.Array(HistoryLine), nextCursor: Nullable(Type.String()) });
export type HistoryPage = Static<typeof HistoryPage>;

export const RewardMerchant = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  address: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
});

export const Reward = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  pricePoints: Type.Integer(),
  hours: Type.String(),
  merchant: RewardMerchant,
  period: Type.String(),
  stockLeft: Type.Integer({ description: 'Units left in the current period' }),
  perRiderMonthlyLimit: Nullable(Type.Integer()),
  usedThisMonth: Type.Integer(),
  /** 还差 N 分: how many more points the rider needs (0 when affordable). */
  shortBy: Type.Integer(),
  voucherValidDays: Type.Integer(),
  validUntil: Nullable(DateTime),
  /** Null when the rider can redeem now, else the error code a redeem would answer. */
  blockedBy: Nullable(Type.String()),
});
export type Reward = Static<typeof Reward>;

export const RewardList = Type.Object({ available: Type.Integer(), items: Type.Array(Reward) });
export type RewardList = Static<typeof RewardList>;

export const RedeemBody = Type.Object(
  { rewardId: Id, idempotencyKey: IdempotencyKey },
  { additionalProperties: false },
);
export type RedeemBody = Static<typeof RedeemBody>;

export const Voucher = Type.Object(
  {
    id: Type.String(),
    status: literals(VOUCHER_STATUSES),
    statusLabel: Type.String(),
    rewardTitle: Type.String(),
    merchantName: Type.String(),
    merchantAddress: Type.String(),
    points: Type.Integer(),
    /** Only while the voucher can be used; null afterwards. */
    shortCode: Nullable(Type.String()),
    qrPayload: Nullable(Type.String()),
    /** PNG data URL of the QR, large enough to scan from a counter; in the voucher list (not the redeem answer). */
    qrImage: Nullable(Type.String()),
    expiresAt: DateTime,
    createdAt: DateTime,
    resolvedAt: Nullable(DateTime),
  },
  { $id: 'Voucher' },
);
export type Voucher = Static<typeof Voucher>;

export const VoucherList = Type.Object({ items: Type.Array(Type.Ref('Voucher')) }, { $id: 'VoucherList' });
export type VoucherList = { items: Voucher[] };

export const VoucherCodeBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 200, description: 'QR payload or the 8-character short code' }) },
  { additionalProperties: false },
);
export type VoucherCodeBody = Static<typeof VoucherCodeBody>;

export const MerchantVoucher = Type.Object(
  {
    id: Type.String(),
    rewardTitle: Type.String(),
    points: Type.Integer(),
    riderName: Type.String(),
    status: literals(VOUCHER_STATUSES),
    validity: literals(VOUCHER_VALIDITY),
    validityLabel: Type.String(),
    expiresAt: DateTime,
    createdAt: DateTime,
    resolvedAt: Nullable(DateTime),
  },
  { $id: 'MerchantVoucher' },
);
export type MerchantVoucher = Static<typeof MerchantVoucher>;

const Tally = Type.Object({ count: Type.Integer(), points: Type.Integer() });

export const MerchantRedemptions = Type.Object(
  {
    merchantName: Type.String(),
    today: Tally,
    month: Tally,
    items: Type.Array(Type.Ref('MerchantVoucher')),
  },
  { $id: 'MerchantRedemptions' },
);
export type MerchantRedemptions = Omit<Static<typeof MerchantRedemptions>, 'items'> & { items: MerchantVoucher[] };

export const GrantBody = Type.Object(
  {
    riderId: Id,
    streetId: Type.String({ format: 'uuid', description: 'Where the volunteer work was done' }),
    rule: literals(GRANT_RULES),
    amount: Type.Integer({ minimum: 1, maximum: 1000 }),
    note: Type.String({ minLength: 1, maxLength: 200 }),
    idempotencyKey: IdempotencyKey,
  },
  { additionalProperties: false },
);
export type GrantBody = Static<typeof GrantBody>;

export const GrantResult = Type.Object({
  transferId: Type.String(),
  amount: Type.Integer(),
  created: Type.Boolean(),
  riderAvailable: Type.Integer(),
});
export type GrantResult = Static<typeof GrantResult>;

export const ReverseBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type ReverseBody = Static<typeof ReverseBody>;

export const ReverseResult = Type.Object({
  transferId: Type.String(),
  amount: Type.Integer(),
  created: Type.Boolean(),
});
export type ReverseResult = Static<typeof ReverseResult>;

/** A points notice of the inbox (mark it read with POST /notifications/:id/read). */
export const PointNotice = Type.Object({
  id: Type.String(),
  // Typed `string` as it was before the helpers were shared (points' own copy lost the literal
  // type): server/src/points/queries.ts fills it from a text column. Drop `<string>` once it narrows.
  kind: literals<string>(POINT_NOTICE_KINDS),
  title: Type.String(),
  body: Type.String(),
  createdAt: DateTime,
  readAt: Nullable(DateTime),
});
export const NoticeList = Type.Object({ items: Type.Array(PointNotice) });
export type NoticeList = Static<typeof NoticeList>;

// Catalog and rules administration (district admins: their district; street operators: rewards of
// merchants in their street). Numbers are plain numbers here on purpose: a negative, fractional
// or zero value reaches the use case, which answers with the precise code (PRICE_INVALID, …).
// A nullable number is one schema with a type list, not a union: the app's validator coerces
// types per union branch (null would become 0, or 0 null); with a list it coerces nothing that
// already matches one of the types.

const AdminNumber = Type.Number();
const NullableNumber = (description: string) => Type.Unsafe<number | null>({ type: ['number', 'null'], description });

export const RewardInput = Type.Object(
  {
    merchantId: Id,
    title: Type.String({ maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    pricePoints: AdminNumber,
    stockPerPeriod: AdminNumber,
    period: Type.Optional(literals(REWARD_PERIODS)),
    perRiderMonthlyLimit: Type.Optional(NullableNumber('Vouchers one rider may take per month; null = no limit')),
    voucherValidDays: AdminNumber,
    hours: Type.Optional(Type.String({ maxLength: 40 })),
    active: Type.Optional(Type.Boolean()),
    settlementFen: Type.Optional(
      NullableNumber('What the street pays the shop back per confirmed voucher, in fen; null = none agreed'),
    ),
  },
  { additionalProperties: false },
);
export type RewardInput = Static<typeof RewardInput>;

/** Any subset of the fields but the shop and the stock period (a reward keeps them; its vouchers and stock rows name them). */
export const RewardPatch = Type.Partial(Type.Omit(RewardInput, ['merchantId', 'period']), {
  additionalProperties: false,
});
export type RewardPatch = Static<typeof RewardPatch>;

export const ManagedReward = Type.Object({
  id: Type.String(),
  merchantId: Type.String(),
  merchantName: Type.String(),
  streetId: Type.String(),
  title: Type.String(),
  description: Type.String(),
  pricePoints: Type.Integer(),
  stockPerPeriod: Type.Integer(),
  period: literals(REWARD_PERIODS),
  perRiderMonthlyLimit: Nullable(Type.Integer()),
  voucherValidDays: Type.Integer(),
  hours: Type.String(),
  active: Type.Boolean(),
  /** What the street pays the shop back per confirmed voucher, in fen (null = none agreed). */
  settlementFen: Nullable(Type.Integer()),
  /** Units left in the current period. */
  stockLeft: Type.Integer(),
  /** Vouchers issued and not yet used, cancelled or expired (they keep the price they were bought at). */
  openVouchers: Type.Integer(),
});
export type ManagedReward = Static<typeof ManagedReward>;

export const ManagedRewardList = Type.Object({
  items: Type.Array(ManagedReward),
  /** The shops the caller may list rewards for. */
  merchants: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), streetId: Type.String() })),
});
export type ManagedRewardList = Static<typeof ManagedRewardList>;

export const RuleInput = Type.Object(
  {
    /** Which of the caller's districts; may be left out when it has exactly one. */
    districtId: Type.Optional(Id),
    points: AdminNumber,
    dailyCap: NullableNumber('Points a rider may earn under the rule per day; null = no cap'),
    monthlyCap: NullableNumber('Points a rider may earn under the rule per month; null = no cap'),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RuleInput = Static<typeof RuleInput>;

export const ManagedRule = Type.Object({
  code: literals(EARNING_RULES),
  label: Type.String(),
  points: Type.Integer(),
  dailyCap: Nullable(Type.Integer()),
  monthlyCap: Nullable(Type.Integer()),
  active: Type.Boolean(),
  /** True when the district has its own numbers; false = the city-wide default. */
  districtOwn: Type.Boolean(),
  updatedAt: DateTime,
});
export type ManagedRule = Static<typeof ManagedRule>;

export const ManagedRuleList = Type.Object({
  districtId: Type.String(),
  districtName: Type.String(),
  items: Type.Array(ManagedRule),
});
export type ManagedRuleList = Static<typeof ManagedRuleList>;

export const RuleListQuery = Type.Object({ districtId: Type.Optional(Id) }, { additionalProperties: false });
export type RuleListQuery = Static<typeof RuleListQuery>;

export const RuleParams = Type.Object({ code: literals(EARNING_RULES) });

// A merchant's own rewards (its shop only, within the district's limits). The shop never sets
// what the street pays it back (settlementFen): that is the street's or the district's word.

export const ShopRewardInput = Type.Object(
  {
    /** Which of the merchant's shops; may be left out when it has exactly one. */
    merchantId: Type.Optional(Id),
    title: Type.String({ maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    pricePoints: AdminNumber,
    stockPerPeriod: AdminNumber,
    period: Type.Optional(literals(REWARD_PERIODS)),
    perRiderMonthlyLimit: Type.Optional(NullableNumber('Vouchers one rider may take per month; null = no limit')),
    voucherValidDays: AdminNumber,
    hours: Type.Optional(Type.String({ maxLength: 40 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ShopRewardInput = Static<typeof ShopRewardInput>;

export const ShopRewardPatch = Type.Partial(Type.Omit(ShopRewardInput, ['merchantId', 'period']), {
  additionalProperties: false,
});
export type ShopRewardPatch = Static<typeof ShopRewardPatch>;

/** A district's bounds for the rewards its shops manage themselves (null = no bound). */
export const RewardLimits = Type.Object({
  districtId: Type.String(),
  districtName: Type.String(),
  minPricePoints: Nullable(Type.Integer()),
  maxPricePoints: Nullable(Type.Integer()),
  maxStockPerPeriod: Nullable(Type.Integer()),
  updatedAt: Nullable(DateTime),
});
export type RewardLimits = Static<typeof RewardLimits>;

export const RewardLimitsInput = Type.Object(
  {
    districtId: Type.Optional(Id),
    minPricePoints: NullableNumber('Lowest points price a shop may set; null = no bound'),
    maxPricePoints: NullableNumber('Highest points price a shop may set; null = no bound'),
    maxStockPerPeriod: NullableNumber('Most units per period a shop may offer; null = no bound'),
  },
  { additionalProperties: false },
);
export type RewardLimitsInput = Static<typeof RewardLimitsInput>;

export const ShopRewardList = Type.Object({
  merchants: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  /** The district's bounds for each of the merchant's shops' districts (usually one). */
  limits: Type.Array(RewardLimits),
  items: Type.Array(ManagedReward),
});
export type ShopRewardList = Static<typeof ShopRewardList>;

// Redemptions by day and by month, and the statement (what a street pays the shop back).

export const MonthString = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM, Beijing time' });
export const YearString = Type.String({ pattern: '^[0-9]{4}$', description: 'YYYY, Beijing time' });

export const RedemptionMonthQuery = Type.Object(
  {
    /** The shop; a merchant may leave it out (its own shop). */
    merchantId: Type.Optional(Id),
    /** Default: the current month. */
    month: Type.Optional(MonthString),
  },
  { additionalProperties: false },
);
export type RedemptionMonthQuery = Static<typeof RedemptionMonthQuery>;

export const RedemptionYearQuery = Type.Object(
  { merchantId: Type.Optional(Id), year: Type.Optional(YearString) },
  { additionalProperties: false },
);
export type RedemptionYearQuery = Static<typeof RedemptionYearQuery>;

const RedemptionFigures = {
  count: Type.Integer(),
  points: Type.Integer(),
  /** Sum of the settlement values of these vouchers' rewards, in fen (those with one). */
  settlementFen: Type.Integer(),
  /** Vouchers whose reward has no settlement value. */
  unpriced: Type.Integer(),
};

export const RedemptionTally = Type.Object(RedemptionFigures);
export type RedemptionTally = Static<typeof RedemptionTally>;

export const RedemptionBucket = Type.Object({
  /** YYYY-MM-DD (a day) or YYYY-MM (a month), Beijing time. */
  period: Type.String(),
  ...RedemptionFigures,
  rewards: Type.Array(Type.Object({ rewardId: Type.String(), title: Type.String(), ...RedemptionFigures })),
});
export type RedemptionBucket = Static<typeof RedemptionBucket>;

export const RedemptionsByDay = Type.Object({
  merchantId: Type.String(),
  merchantName: Type.String(),
  month: Type.String(),
  /** Today (Beijing) whatever month is asked for. */
  today: RedemptionTally,
  total: RedemptionTally,
  /** Days with at least one confirmed voucher, newest first. */
  days: Type.Array(RedemptionBucket),
});
export type RedemptionsByDay = Static<typeof RedemptionsByDay>;

export const RedemptionsByMonth = Type.Object({
  merchantId: Type.String(),
  merchantName: Type.String(),
  year: Type.String(),
  total: RedemptionTally,
  /** Months with at least one confirmed voucher, newest first. */
  months: Type.Array(RedemptionBucket),
});
export type RedemptionsByMonth = Static<typeof RedemptionsByMonth>;

// ---- 积分管理办法: a district's published points rules, with the live numbers ----

export const RulesDocumentQuery = Type.Object({ districtId: Type.Optional(Id) }, { additionalProperties: false });
export type RulesDocumentQuery = Static<typeof RulesDocumentQuery>;

export const RulesDocumentVersion = Type.Object({
  id: Id,
  version: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  /** YYYY-MM-DD (Beijing). */
  effectiveOn: Type.String(),
  publishedAt: DateTime,
});
export type RulesDocumentVersion = Static<typeof RulesDocumentVersion>;

export const LiveEarningRule = Type.Object({
  code: literals(EARNING_RULES),
  label: Type.String(),
  /** Points per event; for staff grants, the most one grant may give. */
  points: Type.Integer(),
  perGrant: Type.Boolean(),
  dailyCap: Nullable(Type.Integer()),
  monthlyCap: Nullable(Type.Integer()),
});
export type LiveEarningRule = Static<typeof LiveEarningRule>;

export const LiveRedemptionRules = Type.Object({
  pointsExpiryDays: Type.Integer(),
  /** The district's bounds for shops' own rewards (null = none). */
  minPricePoints: Nullable(Type.Integer()),
  maxPricePoints: Nullable(Type.Integer()),
  /** What the district's active rewards cost and how long their vouchers are valid. */
  rewardCount: Type.Integer(),
  cheapestPoints: Nullable(Type.Integer()),
  dearestPoints: Nullable(Type.Integer()),
  voucherValidDaysMin: Nullable(Type.Integer()),
  voucherValidDaysMax: Nullable(Type.Integer()),
});
export type LiveRedemptionRules = Static<typeof LiveRedemptionRules>;

/** The rider's 积分管理办法 page: the current version, and the numbers the ledger applies now. */
export const RulesDocumentPage = Type.Object({
  districtId: Id,
  districtName: Type.String(),
  districts: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  document: Nullable(RulesDocumentVersion),
  /** A newer version already published, from a later date. */
  upcoming: Nullable(Type.Object({ version: Type.Integer(), effectiveOn: Type.String() })),
  earning: Type.Array(LiveEarningRule),
  redemption: LiveRedemptionRules,
});
export type RulesDocumentPage = Static<typeof RulesDocumentPage>;

/** The district admin's view: every version, newest first. */
export const RulesDocumentAdmin = Type.Object({
  districtId: Id,
  districtName: Type.String(),
  currentVersion: Nullable(Type.Integer()),
  versions: Type.Array(RulesDocumentVersion),
});
export type RulesDocumentAdmin = Static<typeof RulesDocumentAdmin>;

export const PublishRulesDocumentBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 60, title: '标题' }),
    body: Type.String({ minLength: 1, maxLength: 20000, title: '正文' }),
    effectiveOn: Type.String({ format: 'date', title: '生效日期' }),
    districtId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type PublishRulesDocumentBody = Static<typeof PublishRulesDocumentBody>;
