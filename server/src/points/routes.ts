import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import {
  GrantBody,
  GrantResult,
  HistoryPage,
  HistoryQuery,
  ManagedReward,
  ManagedRewardList,
  ManagedRule,
  ManagedRuleList,
  NoticeList,
  RedeemBody,
  RedemptionMonthQuery,
  RedemptionsByDay,
  RedemptionsByMonth,
  RedemptionYearQuery,
  ReverseBody,
  ReverseResult,
  RewardInput,
  RewardLimits,
  RewardLimitsInput,
  RewardList,
  RewardPatch,
  RuleInput,
  RuleListQuery,
  RulesDocumentQuery,
  RulesDocumentPage,
  RulesDocumentAdmin,
  PublishRulesDocumentBody,
  RuleParams,
  ShopRewardInput,
  ShopRewardList,
  ShopRewardPatch,
  VoucherCodeBody,
} from '@nuanxin/shared/points/schemas';
import type { EarningRule } from '@nuanxin/shared/points/constants';
import { acting } from '../auth/index.js';
import { cancelVoucher } from './cancel-voucher.js';
import { confirmVoucher, lookupVoucher } from './confirm-voucher.js';
import type { PointsContext } from './context.js';
import { grantPoints } from './grant.js';
import { createReward, listManagedRewards, updateReward } from './manage-rewards.js';
import { listRules, updateRule } from './manage-rules.js';
import { publishRulesDocument, rulesDocumentAdmin, rulesDocumentPage } from './rules-document.js';
import { merchantRedemptions, myNotices, myVouchers, pointsHistory, pointsSummary, rewardCatalog } from './queries.js';
import { redeem } from './redeem.js';
import { redemptionsByDay, redemptionsByMonth, statementCsv } from './redemptions.js';
import { getRewardLimits, setRewardLimits } from './reward-limits.js';
import { createShopReward, listShopRewards, updateShopReward } from './shop-rewards.js';
import { reverseGrant } from './reverse.js';
import { readsFor } from '../platform/plugins/reads.js';

const security = [{ bearer: [] }];
const tags = ['points'];
const rider = { auth: { roles: ['rider'] as const } };
const merchant = { roles: ['merchant'] as const };
const conflicts = { 409: Type.Ref('ErrorBody'), 410: Type.Ref('ErrorBody') };

const pointsRoutes: FastifyPluginAsyncTypebox<{ ctx: PointsContext }> = async (app, { ctx }) => {
  // Short codes are guessable only by volume: a shop's counter scans a few a minute, not hundreds.
  const codeLimit = { max: 60, timeWindow: '1 minute' };

  app.get('/points/summary', {
    schema: { tags, summary: '我的积分', security, response: { 200: Type.Ref('PointsSummary'), ...errorResponses } },
    config: rider,
    handler: async (request) => pointsSummary(acting(ctx, request)),
  });

  app.get('/points/history', {
    schema: {
      tags,
      summary: '积分明细',
      security,
      querystring: HistoryQuery,
      response: { 200: HistoryPage, ...errorResponses },
    },
    config: rider,
    handler: async (request) => pointsHistory(acting(ctx, request), request.query),
  });

  app.get('/points/rewards', {
    schema: {
      tags,
      summary: '可兑换的奖励（含还差多少分）',
      security,
      response: { 200: RewardList, ...errorResponses },
    },
    config: rider,
    handler: async (request) => rewardCatalog(acting(ctx, request)),
  });

  app.post('/points/redeem', {
    schema: {
      tags,
      summary: '兑换：冻结积分并发放兑换券（幂等）',
      security,
      body: RedeemBody,
      response: { 200: Type.Ref('Voucher'), 201: Type.Ref('Voucher'), ...errorResponses, ...conflicts },
    },
    config: rider,
    handler: async (request, reply) => {
      const { voucher, created } = await redeem(acting(ctx, request), request.body);
      return reply.status(created ? 201 : 200).send(voucher);
    },
  });

  app.get('/points/vouchers', {
    schema: { tags, summary: '我的兑换券', security, response: { 200: Type.Ref('VoucherList'), ...errorResponses } },
    config: rider,
    handler: async (request) => myVouchers(acting(ctx, request)),
  });

  app.post('/points/vouchers/:id/cancel', {
    schema: {
      tags,
      summary: '取消兑换券，积分退回',
      security,
      params: IdParams,
      response: { 200: Type.Ref('Voucher'), ...errorResponses, ...conflicts },
    },
    config: rider,
    handler: async (request) => cancelVoucher(acting(ctx, request), { id: request.params.id }),
  });

  app.get('/points/notices', {
    schema: { tags, summary: '积分提醒（即将过期等）', security, response: { 200: NoticeList, ...errorResponses } },
    config: rider,
    handler: async (request) => myNotices(acting(ctx, request)),
  });

  app.post('/points/merchant/vouchers/lookup', {
    schema: {
      tags,
      summary: '商户扫码：查看兑换券内容与是否有效',
      security,
      body: VoucherCodeBody,
      response: { 200: Type.Ref('MerchantVoucher'), ...errorResponses },
    },
    config: { auth: merchant, rateLimit: codeLimit },
    handler: async (request) => lookupVoucher(acting(ctx, request), request.body),
  });

  app.post('/points/merchant/vouchers/confirm', {
    schema: {
      tags,
      summary: '商户核销兑换券',
      security,
      body: VoucherCodeBody,
      response: { 200: Type.Ref('MerchantVoucher'), ...errorResponses, ...conflicts },
    },
    config: { auth: merchant, rateLimit: codeLimit },
    handler: async (request) => confirmVoucher(acting(ctx, request), request.body),
  });

  app.get('/points/merchant/redemptions', {
    schema: {
      tags,
      summary: '本店今日与本月核销',
      security,
      response: { 200: Type.Ref('MerchantRedemptions'), ...errorResponses },
    },
    config: { auth: merchant },
    handler: async (request) => merchantRedemptions(acting(ctx, request)),
  });

  // The merchant's own rewards, within the district's limits (shop-rewards.ts).
  app.get('/points/merchant/rewards', {
    schema: {
      tags,
      summary: '我的奖励：本店的奖励与本区的价格、名额限制',
      security,
      response: { 200: ShopRewardList, ...errorResponses },
    },
    config: { auth: merchant },
    handler: async (request) => listShopRewards(acting(ctx, request)),
  });

  app.post('/points/merchant/rewards', {
    schema: {
      tags,
      summary: '本店新增奖励（须在本区规定的价格和名额范围内）',
      security,
      body: ShopRewardInput,
      response: { 201: ManagedReward, ...errorResponses },
    },
    config: { auth: merchant },
    handler: async (request, reply) =>
      reply.status(201).send(await createShopReward(acting(ctx, request), request.body)),
  });

  app.patch('/points/merchant/rewards/:id', {
    schema: {
      tags,
      summary: '修改、暂停或恢复本店的奖励（只影响之后的兑换）',
      security,
      params: IdParams,
      body: ShopRewardPatch,
      response: { 200: ManagedReward, ...errorResponses },
    },
    config: { auth: merchant },
    handler: async (request) => updateShopReward(acting(ctx, request), { id: request.params.id, patch: request.body }),
  });

  // Redemptions by day and month and the month's statement: the merchant for its shop, a street
  // operator or district admin for any shop in scope (merchantId). Scope is checked per shop.
  const statementReaders = { auth: { roles: ['merchant', 'street_operator', 'district_admin'] as const } };

  app.get('/points/merchant/redemptions/daily', {
    schema: {
      tags,
      summary: '核销按日统计（某月每天的笔数、积分、结算金额）',
      security,
      querystring: RedemptionMonthQuery,
      response: { 200: RedemptionsByDay, ...errorResponses },
    },
    config: statementReaders,
    handler: async (request) => redemptionsByDay(acting(ctx, request), request.query),
  });

  app.get('/points/merchant/redemptions/monthly', {
    schema: {
      tags,
      summary: '核销按月统计（某年每月）',
      security,
      querystring: RedemptionYearQuery,
      response: { 200: RedemptionsByMonth, ...errorResponses },
    },
    config: statementReaders,
    handler: async (request) => redemptionsByMonth(acting(ctx, request), request.query),
  });

  app.get('/points/merchant/statement.csv', {
    schema: {
      tags,
      summary: '导出对账单 CSV（某月每笔核销、合计、街道应付金额）',
      security,
      querystring: RedemptionMonthQuery,
      response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses },
    },
    config: statementReaders,
    handler: async (request, reply) => {
      const { csv, filename } = await statementCsv(acting(readsFor(ctx, request), request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
    },
  });

  app.post('/points/grants', {
    schema: {
      tags,
      summary: '为志愿服务发放积分（送餐助老、志愿服务）',
      security,
      body: GrantBody,
      response: { 200: GrantResult, 201: GrantResult, ...errorResponses, 409: Type.Ref('ErrorBody') },
    },
    config: { auth: { roles: ['district_admin', 'street_operator'] } },
    handler: async (request, reply) => {
      const result = await grantPoints(acting(ctx, request), request.body);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  });

  app.post('/points/transfers/:id/reverse', {
    schema: {
      tags,
      summary: '冲正一笔发放（更正只能冲正，不能修改）',
      security,
      params: IdParams,
      body: ReverseBody,
      response: { 200: ReverseResult, 201: ReverseResult, ...errorResponses, 409: Type.Ref('ErrorBody') },
    },
    config: { auth: { roles: ['district_admin'] } },
    handler: async (request, reply) => {
      const result = await reverseGrant(acting(ctx, request), { id: request.params.id, ...request.body });
      return reply.status(result.created ? 201 : 200).send(result);
    },
  });

  // Catalog and rules administration. Scope is checked per shop / district in the use cases.
  const catalogStaff = { auth: { roles: ['district_admin', 'street_operator'] as const } };
  const districtAdmin = { auth: { roles: ['district_admin'] as const } };

  app.get('/points/admin/rewards', {
    schema: {
      tags,
      summary: '奖励管理：负责范围内商户的奖励（含本期剩余、未使用的兑换券）',
      security,
      response: { 200: ManagedRewardList, ...errorResponses },
    },
    config: catalogStaff,
    handler: async (request) => listManagedRewards(acting(ctx, request)),
  });

  app.post('/points/admin/rewards', {
    schema: {
      tags,
      summary: '新增奖励',
      security,
      body: RewardInput,
      response: { 201: ManagedReward, ...errorResponses },
    },
    config: catalogStaff,
    handler: async (request, reply) => reply.status(201).send(await createReward(acting(ctx, request), request.body)),
  });

  app.patch('/points/admin/rewards/:id', {
    schema: {
      tags,
      summary: '修改奖励（只影响之后的兑换，已发放的兑换券不变）',
      security,
      params: IdParams,
      body: RewardPatch,
      response: { 200: ManagedReward, ...errorResponses },
    },
    config: catalogStaff,
    handler: async (request) => updateReward(acting(ctx, request), { id: request.params.id, patch: request.body }),
  });

  app.get('/points/admin/reward-limits', {
    schema: {
      tags,
      summary: '本区商户奖励限制（积分价格范围、每期名额上限）',
      security,
      querystring: RuleListQuery,
      response: { 200: RewardLimits, ...errorResponses },
    },
    config: districtAdmin,
    handler: async (request) => getRewardLimits(acting(ctx, request), request.query),
  });

  app.put('/points/admin/reward-limits', {
    schema: {
      tags,
      summary: '设置本区商户奖励限制（商户自行设置的奖励须在范围内）',
      security,
      body: RewardLimitsInput,
      response: { 200: RewardLimits, ...errorResponses },
    },
    config: districtAdmin,
    handler: async (request) => setRewardLimits(acting(ctx, request), request.body),
  });

  app.get('/points/admin/rules', {
    schema: {
      tags,
      summary: '积分规则（本区生效的数值）',
      security,
      querystring: RuleListQuery,
      response: { 200: ManagedRuleList, ...errorResponses },
    },
    config: districtAdmin,
    handler: async (request) => listRules(acting(ctx, request), request.query),
  });

  app.get('/points/rules-document', {
    schema: {
      tags,
      summary: '积分管理办法（本区现行版本与正在执行的积分规则）',
      security,
      querystring: RulesDocumentQuery,
      response: { 200: RulesDocumentPage, ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request) => rulesDocumentPage(ctx, request.query),
  });

  app.get('/points/admin/rules-document', {
    schema: {
      tags,
      summary: '积分管理办法：各版本',
      security,
      querystring: RulesDocumentQuery,
      response: { 200: RulesDocumentAdmin, ...errorResponses },
    },
    config: districtAdmin,
    handler: async (request) => rulesDocumentAdmin(acting(ctx, request), request.query),
  });

  app.post('/points/admin/rules-document', {
    schema: {
      tags,
      summary: '发布积分管理办法新版本',
      security,
      body: PublishRulesDocumentBody,
      response: { 200: RulesDocumentAdmin, ...errorResponses, 409: Type.Ref('ErrorBody') },
    },
    config: districtAdmin,
    handler: async (request) => publishRulesDocument(acting(ctx, request), request.body),
  });

  app.put('/points/admin/rules/:code', {
    schema: {
      tags,
      summary: '设置本区的积分规则（每次积分、每日/每月上限）',
      security,
      params: RuleParams,
      body: RuleInput,
      response: { 200: ManagedRule, ...errorResponses },
    },
    config: districtAdmin,
    handler: async (request) =>
      updateRule(acting(ctx, request), { code: request.params.code as EarningRule, ...request.body }),
  });
};

export default pointsRoutes;
