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
  RewardInput,
  RewardList,
  RewardPatch,
  RuleInput,
  Voucher,
  VoucherList,
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
};

export const merchantApi = {
  lookup: (code: string) => api.call<MerchantVoucher>('POST', `${P}/merchant/vouchers/lookup`, { body: { code } }),
  confirm: (code: string) => api.call<MerchantVoucher>('POST', `${P}/merchant/vouchers/confirm`, { body: { code } }),
  redemptions: () => api.call<MerchantRedemptions>('GET', `${P}/merchant/redemptions`),
};
