import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '@nuanxin/shared/common/schemas';
import { IMPORT_KINDS } from '@nuanxin/shared/imports/constants';
import { CommitBody, ImportRunParams, TemplateParams } from '@nuanxin/shared/imports/schemas';
import { literals } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import type { ImportsContext } from './context.js';
import { commitImport, getImportRun, listImportRuns, startImport } from './runs.js';
import { communitiesTemplateCsv, communitiesTemplateXlsx } from './template.js';
import { readUpload } from './upload.js';

const security = [{ bearer: [] }];
const tags = ['imports'];
const managers = { roles: ['district_admin', 'street_operator'] } as const;
const uploadErrors = {
  ...errorResponses,
  409: Type.Ref('ErrorBody'),
  413: Type.Ref('ErrorBody'),
  415: Type.Ref('ErrorBody'),
};

const importRoutes: FastifyPluginAsyncTypebox<{ ctx: ImportsContext }> = async (app, { ctx }) => {
  app.get('/imports/templates/communities.:format', {
    schema: {
      tags,
      summary: '下载小区批量导入模板（CSV 或 Excel）',
      security,
      params: TemplateParams,
      response: { 200: Type.Any(), ...errorResponses },
    },
    config: { auth: managers },
    handler: async (request, reply) => {
      const { format } = request.params;
      const body = format === 'csv' ? communitiesTemplateCsv() : await communitiesTemplateXlsx();
      const name = encodeURIComponent('小区导入模板') + `.${format}`;
      return reply
        .type(
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header(
          'content-disposition',
          `attachment; filename="communities-template.${format}"; filename*=UTF-8''${name}`,
        )
        .send(body);
    },
  });

  for (const kind of IMPORT_KINDS) {
    app.post(`/imports/${kind}`, {
      schema: {
        tags,
        summary: kind === 'communities' ? '上传小区文件并检查（不写入）' : '上传驿站文件并检查（不写入）',
        description:
          'multipart/form-data，字段 file（.csv / .xlsx' +
          (kind === 'stations' ? ' / .geojson' : '') +
          '）。文件能读取时返回 202 和导入记录（status=checking），逐行检查在后台进行；轮询 GET /imports/{id}。',
        security,
        response: { 202: Type.Ref('ImportRun'), ...uploadErrors },
      },
      config: { auth: managers },
      handler: async (request, reply) => {
        const caller = acting(ctx, request);
        const file = await readUpload(request, ctx.config.uploadMaxBytes);
        return reply.status(202).send(await startImport(caller, { kind, ...file }));
      },
    });
  }

  app.get('/imports', {
    schema: {
      tags,
      summary: '我最近的导入',
      security,
      querystring: Type.Object({ kind: Type.Optional(literals(IMPORT_KINDS)) }, { additionalProperties: false }),
      response: { 200: Type.Ref('ImportRunList'), ...errorResponses },
    },
    config: { auth: managers },
    handler: async (request) => listImportRuns(acting(ctx, request), request.query),
  });

  app.get('/imports/:id', {
    schema: {
      tags,
      summary: '导入进度与检查报告',
      security,
      params: ImportRunParams,
      response: { 200: Type.Ref('ImportRun'), ...errorResponses },
    },
    config: { auth: managers },
    handler: async (request) => getImportRun(acting(ctx, request), { id: request.params.id }),
  });

  app.post('/imports/:id/commit', {
    schema: {
      tags,
      summary: '确认导入（有错误行时需 skipBad=true，只导入正确的行）',
      security,
      params: ImportRunParams,
      body: CommitBody,
      response: { 202: Type.Ref('ImportRun'), ...uploadErrors },
    },
    config: { auth: managers },
    handler: async (request, reply) =>
      reply.status(202).send(await commitImport(acting(ctx, request), { id: request.params.id, ...request.body })),
  });
};

export default importRoutes;
