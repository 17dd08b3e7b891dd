import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ConsentBody,
  ConsentRecord,
  DeleteAccountBody,
  DeleteAccountResult,
  PrivacyOverview,
} from '@nuanxin/shared/privacy/schemas';
import { errorResponses } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import type { PrivacyContext } from './context.js';
import { privacyOverview, recordConsent } from './overview.js';
import { exportMyData } from './export.js';
import { deleteMyAccount } from './delete.js';

const security = [{ bearer: [] }];
const tags = ['privacy'];
/** Everyone signed in reads the guide and accepts it (staff use location and camera too). */
const anyone = { auth: { roles: 'any' as const } };
/** Export and delete are a rider's own rights here; staff accounts are managed by invitation. */
const rider = { auth: { roles: ['rider'] as const } };
const errors = { ...errorResponses, 409: Type.Ref('ErrorBody') };

/** PIPL in the app: what is kept and who sees it, consent records, export, deletion. */
const privacyRoutes: FastifyPluginAsyncTypebox<{ ctx: PrivacyContext }> = async (app, { ctx }) => {
  app.get('/overview', {
    schema: {
      tags,
      summary: '我的隐私：保存哪些信息、保存多久、谁能看到，以及隐私指引同意记录',
      security,
      response: { 200: PrivacyOverview, ...errors },
    },
    config: anyone,
    handler: async (request) => privacyOverview(acting(ctx, request)),
  });

  app.post('/consents', {
    schema: {
      tags,
      summary: '记录同意隐私保护指引（版本、时间、授权内容）',
      security,
      body: ConsentBody,
      response: { 200: ConsentRecord, ...errors },
    },
    config: anyone,
    handler: async (request) => recordConsent(acting(ctx, request), request.body),
  });

  app.get('/export', {
    schema: {
      tags,
      summary: '导出我的全部数据（zip：JSON 和照片；即时生成，不保存）',
      security,
      response: { 200: Type.String({ description: 'application/zip' }), ...errors },
    },
    config: rider,
    handler: async (request, reply) => {
      const { filename, zip } = await exportMyData(acting(ctx, request));
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength));
    },
  });

  app.post('/account/delete', {
    schema: {
      tags,
      summary: '注销账号（一次完成：积分作废、通行证作废、兑换券取消、上报匿名保留、登录失效）',
      security,
      body: DeleteAccountBody,
      response: { 200: DeleteAccountResult, ...errors },
    },
    config: rider,
    handler: async (request) => deleteMyAccount(acting(ctx, request), request.body),
  });
};

export default privacyRoutes;
