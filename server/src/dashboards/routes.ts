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
} from '@nuanxin/shared/dashboards/schemas';
import type { Acting } from '../auth/index.js';
import { acting } from '../auth/index.js';
import { readsFor } from '../platform/plugins/reads.js';
import { accessDashboard } from './access-figures.js';
import type { DashboardsContext } from './context.js';
import { accessTableCsv, pointsTableCsv, reportTableCsv } from './csv.js';
import { pointsDashboard } from './points-figures.js';
import { reportDashboard } from './reports-figures.js';

const security = [{ bearer: [] }];
const tags = ['dashboards'];
const staff = { roles: ['street_operator', 'district_admin'] as const };
const csvResponse = { 200: Type.String({ description: 'text/csv' }), ...errorResponses };

/** One dashboard: its figures as JSON, and each of its tables as CSV (`?table=`). */
interface Dashboard<D, T extends string> {
  name: string;
  title: string;
  schema: TSchema;
  csvQuery: TSchema;
  defaultTable: T;
  figures(ctx: Acting<DashboardsContext>, q: DashboardQuery): Promise<D>;
  csv(d: D, table: T): string;
}

const dashboard = <D, T extends string>(d: Dashboard<D, T>) => d;

const DASHBOARDS = [
  dashboard({
    name: 'reports',
    title: '随手拍',
    schema: ReportDashboard,
    csvQuery: ReportDashboardCsvQuery,
    defaultTable: 'daily',
    figures: reportDashboard,
    csv: reportTableCsv,
  }),
  dashboard({
    name: 'access',
    title: '暖新码',
    schema: AccessDashboard,
    csvQuery: AccessDashboardCsvQuery,
    defaultTable: 'daily',
    figures: accessDashboard,
    csv: accessTableCsv,
  }),
  dashboard({
    name: 'points',
    title: '积分',
    schema: PointsDashboard,
    csvQuery: PointsDashboardCsvQuery,
    defaultTable: 'months',
    figures: pointsDashboard,
    csv: pointsTableCsv,
  }),
];

function register<D, T extends string>(app: FastifyInstance, ctx: DashboardsContext, d: Dashboard<D, T>) {
  app.get<{ Querystring: DashboardQuery }>(`/${d.name}`, {
    schema: {
      tags,
      summary: `${d.title}数据看板`,
      security,
      querystring: DashboardQuery,
      response: { 200: d.schema, ...errorResponses },
    },
    config: { auth: staff },
    handler: async (request) => d.figures(acting(readsFor(ctx, request), request), request.query),
  });
  app.get<{ Querystring: DashboardQuery & { table?: T } }>(`/${d.name}.csv`, {
    schema: { tags, summary: `导出${d.title}数据 CSV`, security, querystring: d.csvQuery, response: csvResponse },
    config: { auth: staff },
    handler: async (request, reply) => {
      const { table = d.defaultTable, ...q } = request.query;
      const csv = d.csv(await d.figures(acting(readsFor(ctx, request), request), q), table);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${d.name}-${table}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  });
}

const dashboardsRoutes: FastifyPluginAsyncTypebox<{ ctx: DashboardsContext }> = async (app, { ctx }) => {
  for (const d of DASHBOARDS) register(app, ctx, d as Dashboard<unknown, string>);
};

export default dashboardsRoutes;
