import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AUDIT_READER_ROLES } from '@nuanxin/shared/audit/constants';
import { AuditList, AuditQuery } from '@nuanxin/shared/audit/schemas';
import { errorResponses } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import type { AuditContext } from './context.js';
import { exportAuditCsv, listAudit } from './list.js';
import { readsFor } from '../platform/plugins/reads.js';

const security = [{ bearer: [] }];
const tags = ['audit'];
const readers = { auth: { roles: AUDIT_READER_ROLES } };

/** The audit log, read per scope: a page with filters and keyset paging, and the same set as CSV. */
const auditRoutes: FastifyPluginAsyncTypebox<{ ctx: AuditContext }> = async (app, { ctx }) => {
  app.get('/audit', {
    schema: {
      tags,
      summary: '操作记录（本人负责范围）',
      security,
      querystring: AuditQuery,
      response: { 200: AuditList, ...errorResponses },
    },
    config: readers,
    handler: async (request) => listAudit(acting(ctx, request), request.query),
  });
  app.get('/audit.csv', {
    schema: {
      tags,
      summary: '导出操作记录 CSV',
      security,
      querystring: AuditQuery,
      response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses },
    },
    config: readers,
    handler: async (request, reply) => {
      const csv = await exportAuditCsv(acting(readsFor(ctx, request), request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .header('cache-control', 'no-store')
        .send(csv);
    },
  });
};

export default auditRoutes;
