import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '@nuanxin/shared/common/schemas';
import {
  AccessDashboard,
  AccessDashboardCsvQuery,
  DashboardQuery,
  PointsDashboard,
  PointsDashboardCsvQuery,
  ReportDashboard,
  ReportDashboardCsvQuery,
  StationsDashboard,
  StationsDashboardCsvQuery,
  StationsDashboardQuery,
} from '@nuanxin/shared/dashboards/schemas';
import type { Acting } from '../auth/index.js';
import { acting } from '../auth/index.js';
import { readsFor } from '../platform/plugins/reads.js';
import { accessDashboard } from './access-figures.js';
import type { DashboardsContext } from './context.js';
import { accessTableCsv, pointsTableCsv, reportTableCsv, stationsTableCsv } from './csv.js';
import { pointsDashboard } from './points-figures.js';
import { reportDashboard } from './reports-figures.js';
import { stationsDashboard } from './stations-figures.js';

const security = [{ bearer: [] }];
const tags = ['dashboards'];
const staff = { roles: ['street_operator', 'district_admin'] as const };
const csvResponse = { 200: Type.String({ description: 'text/csv' }), ...errorResponses };

/**
 * One dashboard: its figures as JSON, and each of its tables as CSV (`?table=`, the same query
 * plus the table). Most take a period (`DashboardQuery`); 驿站覆盖 is the coverage now.
 */
interface Dashboard<D, T extends string, Q extends object> {
  name: string;
  title: string;
  schema: TSchema;
  query: TSchema;
  csvQuery: TSchema;
  defaultTable: T;
  figures(ctx: Acting<DashboardsContext>, q: Q): Promise<D>;
  csv(d: D, table: T): string;
}

const dashboard = <D, T extends string, Q extends object>(d: Dashboard<D, T, Q>) => d;

const DASHBOARDS = [
  dashboard({
    name: 'reports',
    title: '随手拍',
    schema: ReportDashboard,
    query: DashboardQuery,
    csvQuery: ReportDashboardCsvQuery,
    defaultTable: 'daily',
    figures: reportDashboard,
    csv: reportTableCsv,
  }),
  dashboard({
    name: 'access',
    title: '暖新码',
    schema: AccessDashboard,
    query: DashboardQuery,
    csvQuery: AccessDashboardCsvQuery,
    defaultTable: 'daily',
    figures: accessDashboard,
    csv: accessTableCsv,
  }),
  dashboard({
    name: 'points',
    title: '积分',
    schema: PointsDashboard,
    query: DashboardQuery,
    csvQuery: PointsDashboardCsvQuery,
    defaultTable: 'months',
    figures: pointsDashboard,
    csv: pointsTableCsv,
  }),
  dashboard({
    name: 'stations',
    title: '驿站覆盖',
    schema: StationsDashboard,
    query: StationsDashboardQuery,
    csvQuery: StationsDashboardCsvQuery,
    defaultTable: 'streets',
    figures: stationsDashboard,
    csv: stationsTableCsv,
  }),
];

function register<D, T extends string, Q extends object>(
  app: FastifyInstance,
  ctx: DashboardsContext,
  d: Dashboard<D, T, Q>,
) {
  app.get(`/${d.name}`, {
    schema: {
      tags,
      summary: `${d.title}数据看板`,
      security,
      querystring: d.query,
      response: { 200: d.schema, ...errorResponses },
    },
    config: { auth: staff },
    handler: async (request) => d.figures(acting(readsFor(ctx, request), request), request.query as Q),
  });
  app.get(`/${d.name}.csv`, {
    schema: { tags, summary: `导出${d.title}数据 CSV`, security, querystring: d.csvQuery, response: csvResponse },
    config: { auth: staff },
    handler: async (request, reply) => {
      const { table = d.defaultTable, ...q } = request.query as Q & { table?: T };
      const csv = d.csv(await d.figures(acting(readsFor(ctx, request), request), q as unknown as Q), table);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${d.name}-${table}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  });
}

const dashboardsRoutes: FastifyPluginAsyncTypebox<{ ctx: DashboardsContext }> = async (app, { ctx }) => {
  for (const d of DASHBOARDS) register(app, ctx, d as Dashboard<unknown, string, object>);
};

export default dashboardsRoutes;
