import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  MyWish,
  MyWishList,
  StaffWish,
  StaffWishList,
  WallWishList,
  WishAdoptBody,
  WishBody,
  WishFulfilBody,
  WishFulfilPhotoFields,
  WishReviewBody,
  WishTargetList,
  WishTargetQuery,
} from '@nuanxin/shared/wishes/schemas';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import { badRequest } from '../platform/app-error.js';
import { fieldsOf, readMultipart } from '../media/index.js';
import type { WishesContext } from './context.js';
import { confirmReceipt, myWishes, wishWall } from './receive.js';
import { adoptWish, fulfilWish, reviewWish, staffWishes } from './staff.js';
import { submitWish, wishTargets } from './submit.js';

const security = [{ bearer: [] }];
const tags = ['wishes'];
const rider = { auth: { roles: ['rider'] as const } };
const staff = { auth: { roles: ['community_admin', 'street_operator'] as const } };
const errors = { ...errorResponses, 409: Type.Ref('ErrorBody') };

/** 微心愿: riders' wishes to a community or street; staff review, adopt and fulfil; a public wall. */
const wishRoutes: FastifyPluginAsyncTypebox<{ ctx: WishesContext }> = async (app, { ctx }) => {
  app.get('/wishes/wall', {
    schema: { tags, summary: '心愿墙（不含个人信息）', response: { 200: WallWishList, ...errors } },
    config: { auth: 'public' as const },
    handler: async () => ({ items: await wishWall(ctx.db, ctx.photos) }),
  });
  app.get('/wishes/mine', {
    schema: { tags, summary: '我的心愿与进展', security, response: { 200: MyWishList, ...errors } },
    config: rider,
    handler: async (request) => ({ items: await myWishes(acting(ctx, request)) }),
  });
  app.get('/wishes/targets', {
    schema: {
      tags,
      summary: '可提交心愿的社区、街道',
      security,
      querystring: WishTargetQuery,
      response: { 200: WishTargetList, ...errors },
    },
    config: rider,
    handler: async (request) => ({ items: await wishTargets(acting(ctx, request), request.query) }),
  });
  app.post('/wishes', {
    schema: { tags, summary: '许个微心愿', security, body: WishBody, response: { 201: MyWish, ...errors } },
    config: rider,
    handler: async (request, reply) => reply.status(201).send(await submitWish(acting(ctx, request), request.body)),
  });
  app.post('/wishes/with-photo', {
    schema: {
      tags,
      summary: '许个微心愿（附照片，multipart: targetKind, targetId, category, body, photo×1）',
      security,
      consumes: ['multipart/form-data'],
      response: { 201: MyWish, ...errors, 413: Type.Ref('ErrorBody'), 415: Type.Ref('ErrorBody') },
    },
    config: rider,
    handler: async (request, reply) => {
      const { fields, files } = await readMultipart(request, 'photo', { fileSize: ctx.photos.maxBytes, files: 1 });
      const body = fieldsOf(WishBody, fields);
      if (files.length === 0) throw badRequest('PHOTO_REQUIRED', undefined, 'photo');
      return reply.status(201).send(await submitWish(acting(ctx, request), { ...body, photo: files[0] }));
    },
  });
  app.post('/wishes/:id/received', {
    schema: { tags, summary: '确认收到', security, params: IdParams, response: { 200: MyWish, ...errors } },
    config: rider,
    handler: async (request) => confirmReceipt(acting(ctx, request), { id: request.params.id }),
  });

  app.get('/staff/wishes', {
    schema: { tags, summary: '微心愿（本辖区）', security, response: { 200: StaffWishList, ...errors } },
    config: staff,
    handler: async (request) => ({ items: await staffWishes(acting(ctx, request)) }),
  });
  app.post('/staff/wishes/:id/review', {
    schema: {
      tags,
      summary: '审核：通过 / 不通过',
      security,
      params: IdParams,
      body: WishReviewBody,
      response: { 200: StaffWish, ...errors },
    },
    config: staff,
    handler: async (request) => reviewWish(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.post('/staff/wishes/:id/adopt', {
    schema: {
      tags,
      summary: '认领心愿',
      security,
      params: IdParams,
      body: WishAdoptBody,
      response: { 200: StaffWish, ...errors },
    },
    config: staff,
    handler: async (request) => adoptWish(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.post('/staff/wishes/:id/fulfil', {
    schema: {
      tags,
      summary: '心愿已实现',
      security,
      params: IdParams,
      body: WishFulfilBody,
      response: { 200: StaffWish, ...errors },
    },
    config: staff,
    handler: async (request) => fulfilWish(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.post('/staff/wishes/:id/fulfil-photo', {
    schema: {
      tags,
      summary: '心愿已实现（附照片，multipart: note, public, photo×1）',
      security,
      params: IdParams,
      consumes: ['multipart/form-data'],
      response: { 200: StaffWish, ...errors, 413: Type.Ref('ErrorBody'), 415: Type.Ref('ErrorBody') },
    },
    config: staff,
    handler: async (request) => {
      const { fields, files } = await readMultipart(request, 'photo', { fileSize: ctx.photos.maxBytes, files: 1 });
      const body = fieldsOf(WishFulfilPhotoFields, fields);
      if (files.length === 0) throw badRequest('PHOTO_REQUIRED', undefined, 'photo');
      return fulfilWish(acting(ctx, request), { id: request.params.id, ...body, photo: files[0] });
    },
  });
};

export default wishRoutes;
