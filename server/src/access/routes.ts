import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AccessEventList,
  ApplyBody,
  ApproveBody,
  ApproveResult,
  CreateGateBody,
  DeviceGrantList,
  DeviceGrantQuery,
  DeviceKey,
  EventQuery,
  Gate,
  GateList,
  Guide,
  OpenCommunityList,
  Pass,
  PassList,
  ProfileBody,
  ProfileResult,
  ReasonBody,
  ReviewList,
  ReviewQuery,
  StaffRiderDetail,
  StaffRiderList,
  RiderCheckBody,
  RiderCheckResult,
  RiderCode,
  RiderCodeKeys,
  RiderProfile,
  RiderQuery,
  ScanBody,
  ScanResult,
  UpdateGateBody,
} from '@nuanxin/shared/access/schemas';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import { AppError } from '../platform/app-error.js';
import type { AccessContext } from './context.js';
import { applyForPasses } from './apply.js';
import { approvePasses } from './approve.js';
import { checkRiderCode } from './check-rider.js';
import { pollGrants } from './device.js';
import { exportEventsCsv, listEvents } from './events.js';
import { createGate, issueDeviceKey, listGates, regenerateGateCode, updateGate } from './gates.js';
import { getGuide, saveGuide } from './guide.js';
import { listForReview, listMyPasses, listOpenCommunities } from './passes.js';
import { gatePoster } from './poster.js';
import { getProfile, saveProfile } from './profile.js';
import { rejectPass } from './reject.js';
import { revokePass } from './revoke.js';
import { listRiders, riderDetail } from './riders.js';
import { suspendRider } from './suspend.js';
import { liftSuspension } from './lift.js';
import { myRiderCode, riderCodeKeys } from './rider-code.js';
import { scanGate } from './scan.js';
import agreementRoutes from './agreements-routes.js';
import { readsFor } from '../platform/plugins/reads.js';

const security = [{ bearer: [] }];
const tags = ['access'];
const rider = { auth: { roles: ['rider'] as const } };
const admin = { auth: { roles: ['community_admin'] as const } };
const viewers = { auth: { roles: ['community_admin', 'street_operator', 'district_admin'] as const } };
/** A gate guard checks rider codes and reads the entries at its own gates; nothing else. */
const checkers = { auth: { roles: ['community_admin', 'gate_guard'] as const } };
const logReaders = { auth: { roles: ['community_admin', 'street_operator', 'district_admin', 'gate_guard'] as const } };
const suspenders = { auth: { roles: ['street_operator', 'district_admin'] as const } };
const errors = { ...errorResponses, 409: Type.Ref('ErrorBody'), 410: Type.Ref('ErrorBody') };

/** 暖新码 access: rider profile and passes, gate codes, scans, review, gates, guide, log, devices. */
const accessRoutes: FastifyPluginAsyncTypebox<{ ctx: AccessContext }> = async (app, { ctx }) => {
  // Every refused access request leaves a log line with its code (never the code text itself).
  app.addHook('onError', async (request, _reply, error) => {
    const code = error instanceof AppError ? error.code : (error as { code?: string }).code;
    const status = error instanceof AppError ? error.status : (error as { statusCode?: number }).statusCode;
    if (status && status < 500)
      request.log.warn({ route: request.routeOptions.url, errorCode: code }, 'access request refused');
  });

  // 三方共建协议 (agreements-routes.ts)
  await app.register(agreementRoutes, { ctx });

  // ---- rider ----
  app.get('/profile', {
    schema: { tags, summary: '我的骑手信息', security, response: { 200: ProfileResult, ...errors } },
    config: rider,
    handler: async (request) => ({ profile: await getProfile(acting(ctx, request)) }),
  });
  app.put('/profile', {
    schema: {
      tags,
      summary: '登记/修改骑手信息（身份证号只存哈希与后四位）',
      security,
      body: ProfileBody,
      response: { 200: RiderProfile, ...errors },
    },
    config: rider,
    handler: async (request) => saveProfile(acting(ctx, request), request.body),
  });
  app.get('/open-communities', {
    schema: { tags, summary: '可申请的小区（有共建协议）', security, response: { 200: OpenCommunityList, ...errors } },
    config: rider,
    handler: async (request) => ({ items: await listOpenCommunities(acting(ctx, request)) }),
  });
  app.get('/passes', {
    schema: { tags, summary: '我的通行证', security, response: { 200: PassList, ...errors } },
    config: rider,
    handler: async (request) => ({ items: await listMyPasses(acting(ctx, request)) }),
  });
  app.post('/passes', {
    schema: {
      tags,
      summary: '申请通行证（可多个小区）',
      security,
      body: ApplyBody,
      response: { 200: PassList, ...errors },
    },
    config: rider,
    handler: async (request) => ({ items: await applyForPasses(acting(ctx, request), request.body) }),
  });
  app.post('/scans', {
    schema: { tags, summary: '扫门岗暖新码进门', security, body: ScanBody, response: { 200: ScanResult, ...errors } },
    config: rider,
    handler: async (request) => scanGate({ ...acting(ctx, request), log: request.log }, request.body),
  });
  app.get('/my-code', {
    schema: { tags, summary: '我的暖新码（每 30 秒更换）', security, response: { 200: RiderCode, ...errors } },
    config: rider,
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return myRiderCode(acting(ctx, request));
    },
  });

  // ---- guard ----
  app.post('/rider-checks', {
    schema: {
      tags,
      summary: '门岗查验骑手码',
      security,
      body: RiderCheckBody,
      response: { 200: RiderCheckResult, ...errors },
    },
    config: checkers,
    handler: async (request) => checkRiderCode({ ...acting(ctx, request), log: request.log }, request.body),
  });
  app.get('/rider-code-keys', {
    schema: { tags, summary: '骑手码验签公钥（门禁设备离线验证）', response: { 200: RiderCodeKeys, ...errors } },
    config: { auth: 'public' },
    handler: async () => riderCodeKeys(ctx),
  });

  // ---- community admin ----
  app.get('/review', {
    schema: {
      tags,
      summary: '通行申请审核队列',
      security,
      querystring: ReviewQuery,
      response: { 200: ReviewList, ...errors },
    },
    config: admin,
    handler: async (request) => ({ items: await listForReview(acting(ctx, request), request.query) }),
  });
  app.post('/passes/approve', {
    schema: {
      tags,
      summary: '批准申请（可批量）',
      security,
      body: ApproveBody,
      response: { 200: ApproveResult, ...errors },
    },
    config: admin,
    handler: async (request) => ({ approved: await approvePasses(acting(ctx, request), request.body) }),
  });
  app.post('/passes/:id/reject', {
    schema: {
      tags,
      summary: '驳回申请',
      security,
      params: IdParams,
      body: ReasonBody,
      response: { 200: Pass, ...errors },
    },
    config: admin,
    handler: async (request) =>
      rejectPass(acting(ctx, request), { id: request.params.id, reason: request.body.reason }),
  });
  app.post('/passes/:id/revoke', {
    schema: {
      tags,
      summary: '撤销通行证（立即生效）',
      security,
      params: IdParams,
      body: ReasonBody,
      response: { 200: Pass, ...errors },
    },
    config: admin,
    handler: async (request) =>
      revokePass(acting(ctx, request), { id: request.params.id, reason: request.body.reason }),
  });
  app.get('/communities/:id/gates', {
    schema: {
      tags,
      summary: '门岗列表（社区；街道、区可查看，用于筛选通行记录）',
      security,
      params: IdParams,
      response: { 200: GateList, ...errors },
    },
    config: viewers,
    handler: async (request) => ({ items: await listGates(acting(ctx, request), { communityId: request.params.id }) }),
  });
  app.post('/communities/:id/gates', {
    schema: {
      tags,
      summary: '登记门岗',
      security,
      params: IdParams,
      body: CreateGateBody,
      response: { 201: Gate, ...errors },
    },
    config: admin,
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await createGate(acting(ctx, request), { communityId: request.params.id, ...request.body })),
  });
  app.patch('/gates/:id', {
    schema: {
      tags,
      summary: '修改门岗（名称、位置、启用）',
      security,
      params: IdParams,
      body: UpdateGateBody,
      response: { 200: Gate, ...errors },
    },
    config: admin,
    handler: async (request) => updateGate(acting(ctx, request), { id: request.params.id, patch: request.body }),
  });
  app.post('/gates/:id/code', {
    schema: {
      tags,
      summary: '重新生成门岗码（旧码立即作废）',
      security,
      params: IdParams,
      response: { 200: Gate, ...errors },
    },
    config: admin,
    handler: async (request) => regenerateGateCode(acting(ctx, request), { id: request.params.id }),
  });
  app.post('/gates/:id/device-key', {
    schema: {
      tags,
      summary: '生成智能道闸设备密钥（只显示一次）',
      security,
      params: IdParams,
      response: { 200: DeviceKey, ...errors },
    },
    config: admin,
    handler: async (request) => issueDeviceKey(acting(ctx, request), { id: request.params.id }),
  });
  app.get('/gates/:id/poster', {
    schema: {
      tags,
      summary: '下载门岗暖新码海报（PNG 或 SVG）',
      security,
      params: IdParams,
      querystring: Type.Object(
        { format: Type.Optional(Type.Union([Type.Literal('png'), Type.Literal('svg')], { default: 'png' })) },
        { additionalProperties: false },
      ),
      response: { 200: Type.String({ format: 'binary', description: 'image/png or image/svg+xml' }), ...errors },
    },
    config: admin,
    handler: async (request, reply) => {
      const poster = await gatePoster(acting(ctx, request), {
        id: request.params.id,
        format: request.query.format ?? 'png',
      });
      return reply
        .type(poster.contentType)
        .header('content-disposition', `attachment; filename="${poster.filename}"`)
        .header('cache-control', 'no-store')
        .send(poster.body);
    },
  });
  app.get('/communities/:id/guide', {
    schema: { tags, summary: '楼栋指引与进门规则', security, params: IdParams, response: { 200: Guide, ...errors } },
    config: admin,
    handler: async (request) => getGuide(acting(ctx, request), { communityId: request.params.id }),
  });
  app.put('/communities/:id/guide', {
    schema: {
      tags,
      summary: '编辑楼栋指引与进门规则',
      security,
      params: IdParams,
      body: Guide,
      response: { 200: Guide, ...errors },
    },
    config: admin,
    handler: async (request) =>
      saveGuide(acting(ctx, request), { communityId: request.params.id, guide: request.body }),
  });
  app.get('/events', {
    schema: {
      tags,
      summary: '通行记录',
      security,
      querystring: EventQuery,
      response: { 200: AccessEventList, ...errors },
    },
    config: logReaders,
    handler: async (request) => listEvents(acting(ctx, request), request.query),
  });
  app.get('/events.csv', {
    schema: {
      tags,
      summary: '导出通行记录 CSV',
      security,
      querystring: EventQuery,
      response: { 200: Type.String({ description: 'text/csv' }), ...errors },
    },
    config: viewers,
    handler: async (request, reply) => {
      const csv = await exportEventsCsv(acting(readsFor(ctx, request), request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="access-events.csv"')
        .send(csv);
    },
  });

  // ---- street operator, district admin: suspend a rider's access everywhere ----
  app.get('/riders', {
    schema: {
      tags,
      summary: '负责范围内的骑手（按姓名、车牌、手机号后四位查找）',
      security,
      querystring: RiderQuery,
      response: { 200: StaffRiderList, ...errors },
    },
    config: suspenders,
    handler: async (request) => listRiders(acting(ctx, request), request.query),
  });
  app.get('/riders/:id', {
    schema: {
      tags,
      summary: '骑手详情与暂停/恢复记录',
      security,
      params: IdParams,
      response: { 200: StaffRiderDetail, ...errors },
    },
    config: suspenders,
    handler: async (request) => riderDetail(acting(ctx, request), { id: request.params.id }),
  });
  app.post('/riders/:id/suspend', {
    schema: {
      tags,
      summary: '暂停骑手通行资格（所有小区，立即生效）',
      security,
      params: IdParams,
      body: ReasonBody,
      response: { 200: StaffRiderDetail, ...errors },
    },
    config: suspenders,
    handler: async (request) =>
      suspendRider(acting(ctx, request), { id: request.params.id, reason: request.body.reason }),
  });
  app.post('/riders/:id/lift', {
    schema: {
      tags,
      summary: '恢复骑手通行资格',
      security,
      params: IdParams,
      body: ReasonBody,
      response: { 200: StaffRiderDetail, ...errors },
    },
    config: suspenders,
    handler: async (request) =>
      liftSuspension(acting(ctx, request), { id: request.params.id, reason: request.body.reason }),
  });

  // ---- smart gate device (its own key, not a user token) ----
  app.get('/gates/:id/grants', {
    schema: {
      tags,
      summary: '智能道闸长轮询：本门岗的准入事件（x-device-key）',
      params: IdParams,
      querystring: DeviceGrantQuery,
      response: { 200: DeviceGrantList, ...errors },
    },
    // Public for the user guard: the device key is checked by the use case against the gate's hash.
    config: { auth: 'public' },
    handler: async (request) => {
      const abort = new AbortController();
      request.raw.once('close', () => abort.abort());
      const key = request.headers['x-device-key'];
      return pollGrants(ctx, {
        id: request.params.id,
        deviceKey: typeof key === 'string' ? key : undefined,
        ...request.query,
        signal: abort.signal,
      });
    },
  });
};

export default accessRoutes;
