import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '@nuanxin/shared/common/schemas';
import {
  AccessDashboard,
  AccessDashboardCsvQuery,
  DashboardQuery,
  ReportDashboard,
  ReportDashboardCsvQuery,
} from '@nuanxin/shared/dashboards/schemas';
import { acting } from '../auth/index.js';
import { readsFor } from '../platform/plugins/reads.js';
import { accessDashboard } from './access-figures.js';
import type { DashboardsContext } from './context.js';
import { accessTableCsv, reportTableCsv } from './csv.js';
import { reportDashboard } from './reports-figures.js';
import {
  StationsDashboard,
  StationsDashboardCsvQuery,
  StationsDashboardQuery,
} from '@nuanxin/shared/dashboards/schemas';
import { stationsTableCsv } from './csv.js';
import { stationsDashboard } from './stations-figures.js';

const security = [{ bearer: [] }];
const tags = ['dashboards'];
const staff = { roles: ['street_operator', 'district_admin'] as const };
const csvResponse = { 200: Type.String({ description: 'text/csv' }), ...errorResponses };

const dashboardsRoutes: FastifyPluginAsyncTypebox<{ ctx: DashboardsContext }> = async (app, { ctx }) => {
  app.get('/reports', {
    schema: {
      tags,
      summary: '随手拍数据看板',
      security,
      querystring: DashboardQuery,
      response: { 200: ReportDashboard, ...errorResponses },
    },
    config: { auth: staff },
    handler: async (request) => reportDashboard(acting(readsFor(ctx, request), request), request.query),
  });
  app.get('/reports.csv', {
    schema: {
      tags,
      summary: '导出随手拍数据 CSV',
      security,
      querystring: ReportDashboardCsvQuery,
      response: csvResponse,
    },
    config: { auth: staff },
    handler: async (request, reply) => {
      const { table = 'daily', ...q } = request.query;
      const csv = reportTableCsv(await reportDashboard(acting(readsFor(ctx, request), request), q), table);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="reports-${table}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  });
  app.get('/access', {
    schema: {
      tags,
      summary: '暖新码数据看板',
      security,
      querystring: DashboardQuery,
      response: { 200: AccessDashboard, ...errorResponses },
    },
    config: { auth: staff },
    handler: async (request) => accessDashboard(acting(readsFor(ctx, request), request), request.query),
  });
  app.get('/access.csv', {
    schema: {
      tags,
      summary: '导出暖新码数据 CSV',
      security,
      querystring: AccessDashboardCsvQuery,
      response: csvResponse,
    },
    config: { auth: staff },
    handler: async (request, reply) => {
      const { table = 'daily', ...q } = request.query;
      const csv = accessTableCsv(await accessDashboard(acting(readsFor(ctx, request), request), q), table);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="access-${table}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  });

  // ---- 驿站覆盖 (stations coverage) ----
  app.get('/stations', {
    schema: {
      tags,
      summary: '驿站覆盖数据看板',
      security,
      querystring: StationsDashboardQuery,
      response: { 200: StationsDashboard, ...errorResponses },
    },
    config: { auth: staff },
    handler: async (request) => stationsDashboard(acting(readsFor(ctx, request), request), request.query),
  });
  app.get('/stations.csv', {
    schema: {
      tags,
      summary: '导出驿站覆盖数据 CSV',
      security,
      querystring: StationsDashboardCsvQuery,
      response: csvResponse,
    },
    config: { auth: staff },
    handler: async (request, reply) => {
      const { table = 'streets', ...q } = request.query;
      const csv = stationsTableCsv(await stationsDashboard(acting(readsFor(ctx, request), request), q), table);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="stations-${table}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  });
};

export default dashboardsRoutes;
