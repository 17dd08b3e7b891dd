import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CalendarDateParams,
  CalendarDay,
  CalendarQuery,
  CalendarYear,
  SetCalendarDayBody,
} from '@nuanxin/shared/calendar/schemas';
import { errorResponses } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import type { CalendarContext } from './context.js';
import { listYear, removeDay, setDay } from './days.js';

const security = [{ bearer: [] }];
const tags = ['calendar'];
/** Deadlines are the mediation centre's too: it may read the calendar, only district admins change it. */
const readers = { auth: { roles: ['district_admin', 'mediator'] as const } };
const keepers = { auth: { roles: ['district_admin'] as const } };

/** 节假日与调休: the working-day calendar deadlines are reckoned on. */
const calendarRoutes: FastifyPluginAsyncTypebox<{ ctx: CalendarContext }> = async (app, { ctx }) => {
  app.get('/staff/calendar', {
    schema: {
      tags,
      summary: '节假日与调休：某年的放假日与调休上班日',
      security,
      querystring: CalendarQuery,
      response: { 200: CalendarYear, ...errorResponses },
    },
    config: readers,
    handler: async (request) => listYear(acting(ctx, request), request.query),
  });

  app.put('/staff/calendar/days/:date', {
    schema: {
      tags,
      summary: '设置某日为放假或调休上班（区管理员，留审计）',
      security,
      params: CalendarDateParams,
      body: SetCalendarDayBody,
      response: { 200: CalendarDay, ...errorResponses },
    },
    config: keepers,
    handler: async (request) => setDay(acting(ctx, request), { date: request.params.date, ...request.body }),
  });

  app.delete('/staff/calendar/days/:date', {
    schema: {
      tags,
      summary: '删除某日的安排，恢复按周一至周五计算（区管理员，留审计）',
      security,
      params: CalendarDateParams,
      response: { 204: Type.Null(), ...errorResponses },
    },
    config: keepers,
    handler: async (request, reply) => {
      await removeDay(acting(ctx, request), { date: request.params.date });
      return reply.status(204).send(null);
    },
  });
};

export default calendarRoutes;
