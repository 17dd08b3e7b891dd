import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import {
  AdminCategory,
  AdminCategoryList,
  AdminTeam,
  CategoryCreateBody,
  CategoryPatchBody,
  RouteSetBody,
  StreetCategoryParams,
  StreetRouting,
  TeamCreateBody,
  TeamPatchBody,
} from '@nuanxin/shared/reports/schemas';
import { acting } from '../auth/index.js';
import type { ReportsContext } from './context.js';
import { createCategory, deleteCategory, listAdminCategories, updateCategory } from './manage-categories.js';
import { createTeam, setCategoryRoute, streetRouting, updateTeam } from './manage-routing.js';

const security = [{ bearer: [] }];
const tags = ['reports-admin'];
const err = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('ErrorBody')]));
const admins = { roles: ['district_admin'] as const };
const streetStaff = { roles: ['street_operator', 'district_admin'] as const };

/** Managing the routing data of 随手拍: categories (district admins), teams and routes (street staff). */
const reportAdminRoutes: FastifyPluginAsyncTypebox<{ ctx: ReportsContext }> = async (app, { ctx }) => {
  app.get('/staff/report-categories', {
    schema: {
      tags,
      summary: '随手拍类别（含已停用）',
      security,
      response: { 200: AdminCategoryList, ...errorResponses },
    },
    config: { auth: admins },
    handler: async (request) => ({ items: await listAdminCategories(acting(ctx, request)) }),
  });

  app.post('/staff/report-categories', {
    schema: {
      tags,
      summary: '新增类别',
      security,
      body: CategoryCreateBody,
      response: { 201: AdminCategory, ...errorResponses, ...err(409) },
    },
    config: { auth: admins },
    handler: async (request, reply) => reply.status(201).send(await createCategory(acting(ctx, request), request.body)),
  });

  app.patch('/staff/report-categories/:id', {
    schema: {
      tags,
      summary: '修改类别（名称、图标、时限、排序、停用/启用）',
      security,
      params: IdParams,
      body: CategoryPatchBody,
      response: { 200: AdminCategory, ...errorResponses },
    },
    config: { auth: admins },
    handler: async (request) => updateCategory(acting(ctx, request), { id: request.params.id, patch: request.body }),
  });

  app.delete('/staff/report-categories/:id', {
    schema: {
      tags,
      summary: '删除从未使用的类别（已有上报的只能停用）',
      security,
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses, ...err(409) },
    },
    config: { auth: admins },
    handler: async (request, reply) => {
      await deleteCategory(acting(ctx, request), { id: request.params.id });
      return reply.status(204).send(null);
    },
  });

  app.get('/staff/streets/:id/routing', {
    schema: {
      tags,
      summary: '街道的队伍与类别分派',
      security,
      params: IdParams,
      response: { 200: StreetRouting, ...errorResponses },
    },
    config: { auth: streetStaff },
    handler: async (request) => streetRouting(acting(ctx, request), { streetId: request.params.id }),
  });

  app.put('/staff/streets/:id/routes/:categoryId', {
    schema: {
      tags,
      summary: '设置某类别在本街道分派给哪个队伍（teamId 为 null 则不分派）',
      security,
      params: StreetCategoryParams,
      body: RouteSetBody,
      response: { 200: StreetRouting, ...errorResponses },
    },
    config: { auth: streetStaff },
    handler: async (request) =>
      setCategoryRoute(acting(ctx, request), {
        streetId: request.params.id,
        categoryId: request.params.categoryId,
        teamId: request.body.teamId,
      }),
  });

  app.post('/staff/teams', {
    schema: {
      tags,
      summary: '新增处置队伍（街道的，或区级：仅区管理员）',
      security,
      body: TeamCreateBody,
      response: { 201: AdminTeam, ...errorResponses },
    },
    config: { auth: streetStaff },
    handler: async (request, reply) => reply.status(201).send(await createTeam(acting(ctx, request), request.body)),
  });

  app.patch('/staff/teams/:id', {
    schema: {
      tags,
      summary: '修改队伍名称、停用/启用',
      security,
      params: IdParams,
      body: TeamPatchBody,
      response: { 200: AdminTeam, ...errorResponses, ...err(409) },
    },
    config: { auth: streetStaff },
    handler: async (request) => updateTeam(acting(ctx, request), { id: request.params.id, patch: request.body }),
  });
};

export default reportAdminRoutes;
