// Typed calls of the points job: the rider's balance and vouchers, the merchant's redemption desk,
// and the catalog and earning rules that district admins and street operators manage.
import type {
  HistoryPage,
  ManagedReward,
  ManagedRewardList,
  ManagedRule,
  ManagedRuleList,
  MerchantRedemptions,
  MerchantVoucher,
  NoticeList,
  PointsSummary,
  RedemptionsByDay,
  RedemptionsByMonth,
  RewardInput,
  RewardLimits,
  RewardLimitsInput,
  RewardList,
  RewardPatch,
  RuleInput,
  ShopRewardInput,
  ShopRewardList,
  ShopRewardPatch,
  Voucher,
  VoucherList,
  PublishRulesDocumentBody,
  RulesDocumentAdmin,
  RulesDocumentPage,
} from '@nuanxin/shared/points/schemas';
import { api } from './api';

const P = '/api/v1/points';

export const pointsApi = {
  summary: () => api.call<PointsSummary>('GET', `${P}/summary`),
  history: (cursor?: string) =>
    api.call<HistoryPage>('GET', `${P}/history${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`),
  rewards: () => api.call<RewardList>('GET', `${P}/rewards`),
  /** The key makes a retried redeem (lost answer, double tap) the same redeem on the server. */
  redeem: (rewardId: string, idempotencyKey: string) =>
    api.call<Voucher>('POST', `${P}/redeem`, { body: { rewardId, idempotencyKey } }),
  vouchers: () => api.call<VoucherList>('GET', `${P}/vouchers`),
  cancelVoucher: (id: string) => api.call<Voucher>('POST', `${P}/vouchers/${id}/cancel`),
  notices: () => api.call<NoticeList>('GET', `${P}/notices`),
};

/** Catalog and earning rules, for district admins and street operators. */
export const pointsAdminApi = {
  rewards: () => api.call<ManagedRewardList>('GET', `${P}/admin/rewards`),
  createReward: (body: RewardInput) => api.call<ManagedReward>('POST', `${P}/admin/rewards`, { body }),
  updateReward: (id: string, body: RewardPatch) =>
    api.call<ManagedReward>('PATCH', `${P}/admin/rewards/${id}`, { body }),
  rules: () => api.call<ManagedRuleList>('GET', `${P}/admin/rules`),
  updateRule: (code: string, body: RuleInput) => api.call<ManagedRule>('PUT', `${P}/admin/rules/${code}`, { body }),
  rewardLimits: () => api.call<RewardLimits>('GET', `${P}/admin/reward-limits`),
  setRewardLimits: (body: RewardLimitsInput) => api.call<RewardLimits>('PUT', `${P}/admin/reward-limits`, { body }),
};

export const merchantApi = {
  lookup: (code: string) => api.call<MerchantVoucher>('POST', `${P}/merchant/vouchers/lookup`, { body: { code } }),
  confirm: (code: string) => api.call<MerchantVoucher>('POST', `${P}/merchant/vouchers/confirm`, { body: { code } }),
  redemptions: () => api.call<MerchantRedemptions>('GET', `${P}/merchant/redemptions`),
  /** Per day of `month` (YYYY-MM; default this month); staff name the shop with `merchantId`. */
  byDay: (month?: string, merchantId?: string) =>
    api.call<RedemptionsByDay>('GET', `${P}/merchant/redemptions/daily${query({ month, merchantId })}`),
  byMonth: (year?: string, merchantId?: string) =>
    api.call<RedemptionsByMonth>('GET', `${P}/merchant/redemptions/monthly${query({ year, merchantId })}`),
  /** The month's statement CSV, for downloadAuthenticated. */
  statementPath: (month: string, merchantId?: string) => `${P}/merchant/statement.csv${query({ month, merchantId })}`,
  /** The merchant's own rewards, within its district's limits. */
  rewards: () => api.call<ShopRewardList>('GET', `${P}/merchant/rewards`),
  createReward: (body: ShopRewardInput) => api.call<ManagedReward>('POST', `${P}/merchant/rewards`, { body }),
  updateReward: (id: string, body: ShopRewardPatch) =>
    api.call<ManagedReward>('PATCH', `${P}/merchant/rewards/${id}`, { body }),
};

function query(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** 积分管理办法: the rider's page and the district admin's versions. */
export const rulesDocumentApi = {
  page: (districtId?: string) =>
    api.call<RulesDocumentPage>(
      'GET',
      `${P}/rules-document${districtId ? `?districtId=${encodeURIComponent(districtId)}` : ''}`,
    ),
  admin: () => api.call<RulesDocumentAdmin>('GET', `${P}/admin/rules-document`),
  publish: (body: PublishRulesDocumentBody) =>
    api.call<RulesDocumentAdmin>('POST', `${P}/admin/rules-document`, { body }),
};
