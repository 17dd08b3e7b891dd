import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Apartment,
  ApartmentPhoto,
  ApartmentPhotoOrderBody,
  ApartmentDetailQuery,
  ApartmentHitList,
  ApplyBody,
  BedSearchQuery,
  CreateApartmentBody,
  CreateBedBody,
  CreateRoomBody,
  DeclineBody,
  FreeBedList,
  HousingFigures,
  HousingNoteBody,
  MyApplication,
  MyApplicationList,
  OfferBody,
  StaffApplication,
  StaffApplicationList,
  StaffApplicationQuery,
  StaffRoomList,
  UpdateApartmentBody,
  UpdateBedBody,
  UpdateRoomBody,
} from '@nuanxin/shared/housing/schemas';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import { readMultipart } from '../media/index.js';
import { badRequest } from '../platform/app-error.js';
import { addApartmentPhoto, orderApartmentPhotos, removeApartmentPhoto } from './photos.js';
import type { HousingContext } from './context.js';
import { apartmentDetail, searchBeds } from './search.js';
import { applyForBed, listApplications, myApplications } from './applications.js';
import { decline, freeBeds, moveIn, moveOut, offerBed, waitlist } from './review.js';
import {
  createApartment,
  createBed,
  createRoom,
  deleteRoom,
  housingFigures,
  listRooms,
  managedApartmentDetail,
  updateApartment,
  updateBed,
  updateRoom,
} from './manage.js';
import { readsFor } from '../platform/plugins/reads.js';

const security = [{ bearer: [] }];
const tags = ['housing'];
const rider = { auth: { roles: ['rider'] as const } };
/** Riders and the staff who run apartments read an apartment's page. */
const readers = { auth: { roles: ['rider', 'apartment_operator', 'district_admin'] as const } };
/** An apartment's operator, and its district's admin, manage it and review its applications. */
const managers = { auth: { roles: ['apartment_operator', 'district_admin'] as const } };
const district = { auth: { roles: ['district_admin'] as const } };
const errors = { ...errorResponses, 409: Type.Ref('ErrorBody') };
const FreeBedQuery = Type.Object(
  { startDate: OfferBody.properties.startDate, endDate: OfferBody.properties.endDate },
  { additionalProperties: false },
);

/** 暖新公寓 housing: bed search and applications for riders; apartments, beds and review for staff. */
const housingRoutes: FastifyPluginAsyncTypebox<{ ctx: HousingContext }> = async (app, { ctx }) => {
  // ---- rider ----
  app.get('/beds', {
    schema: {
      tags,
      summary: '找床位：有空床的公寓（附近、价格以内）',
      security,
      querystring: BedSearchQuery,
      response: { 200: ApartmentHitList, ...errors },
    },
    config: rider,
    handler: async (request) => searchBeds(acting(ctx, request), request.query),
  });
  app.get('/apartments/:id', {
    schema: {
      tags,
      summary: '公寓详情：规则、费用、设施、房间与空床',
      security,
      params: IdParams,
      querystring: ApartmentDetailQuery,
      response: { 200: Apartment, ...errors },
    },
    config: readers,
    handler: async (request) => apartmentDetail(acting(ctx, request), { id: request.params.id, ...request.query }),
  });
  app.post('/applications', {
    schema: { tags, summary: '申请床位', security, body: ApplyBody, response: { 200: MyApplication, ...errors } },
    config: rider,
    handler: async (request) => applyForBed(acting(ctx, request), request.body),
  });
  app.get('/applications/mine', {
    schema: { tags, summary: '我的床位申请（含每一步）', security, response: { 200: MyApplicationList, ...errors } },
    config: rider,
    handler: async (request) => myApplications(acting(ctx, request)),
  });

  // ---- staff: apartments, rooms, beds ----
  app.post('/manage/apartments', {
    schema: {
      tags,
      summary: '登记公寓（区管理员）',
      security,
      body: CreateApartmentBody,
      response: { 200: Apartment, ...errors },
    },
    config: district,
    handler: async (request) => createApartment(acting(ctx, request), request.body),
  });
  app.get('/manage/apartments/:id', {
    schema: {
      tags,
      summary: '公寓信息（含已暂停的，供编辑）',
      security,
      params: IdParams,
      response: { 200: Apartment, ...errors },
    },
    config: managers,
    handler: async (request) => managedApartmentDetail(acting(ctx, request), request.params),
  });
  app.patch('/manage/apartments/:id', {
    schema: {
      tags,
      summary: '修改公寓信息、规则、费用、设施',
      security,
      params: IdParams,
      body: UpdateApartmentBody,
      response: { 200: Apartment, ...errors },
    },
    config: managers,
    handler: async (request) => updateApartment(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  const photoList = Type.Object({ items: Type.Array(ApartmentPhoto) });
  app.post('/manage/apartments/:id/photos', {
    schema: {
      tags,
      summary: '上传公寓照片（multipart: photo×1，最多 9 张）',
      security,
      params: IdParams,
      consumes: ['multipart/form-data'],
      response: { 201: photoList, ...errors, 413: Type.Ref('ErrorBody'), 415: Type.Ref('ErrorBody') },
    },
    config: managers,
    handler: async (request, reply) => {
      const { files } = await readMultipart(request, 'photo', { fileSize: ctx.photos.maxBytes, files: 1 });
      if (files.length === 0) throw badRequest('PHOTO_REQUIRED', undefined, 'photo');
      const items = await addApartmentPhoto(acting(ctx, request), { id: request.params.id, photo: files[0]! });
      return reply.code(201).send({ items });
    },
  });
  app.delete('/manage/apartments/:id/photos/:photoId', {
    schema: {
      tags,
      summary: '删除一张公寓照片',
      security,
      params: Type.Object(
        { id: Type.String({ format: 'uuid' }), photoId: Type.String({ format: 'uuid' }) },
        { additionalProperties: false },
      ),
      response: { 200: photoList, ...errors },
    },
    config: managers,
    handler: async (request) => ({ items: await removeApartmentPhoto(acting(ctx, request), request.params) }),
  });
  app.put('/manage/apartments/:id/photos/order', {
    schema: {
      tags,
      summary: '调整公寓照片顺序',
      security,
      params: IdParams,
      body: ApartmentPhotoOrderBody,
      response: { 200: photoList, ...errors },
    },
    config: managers,
    handler: async (request) => ({
      items: await orderApartmentPhotos(acting(ctx, request), { id: request.params.id, ids: request.body.ids }),
    }),
  });
  app.get('/manage/apartments/:id/rooms', {
    schema: { tags, summary: '房间与床位', security, params: IdParams, response: { 200: StaffRoomList, ...errors } },
    config: managers,
    handler: async (request) => listRooms(acting(ctx, request), request.params),
  });
  app.post('/manage/apartments/:id/rooms', {
    schema: {
      tags,
      summary: '添加房间',
      security,
      params: IdParams,
      body: CreateRoomBody,
      response: { 200: StaffRoomList, ...errors },
    },
    config: managers,
    handler: async (request) => createRoom(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.patch('/manage/rooms/:id', {
    schema: {
      tags,
      summary: '修改房间：名称、楼层、性别要求',
      security,
      params: IdParams,
      body: UpdateRoomBody,
      response: { 200: StaffRoomList, ...errors },
    },
    config: managers,
    handler: async (request) => updateRoom(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.delete('/manage/rooms/:id', {
    schema: {
      tags,
      summary: '删除房间（床位从未分配过时）',
      security,
      params: IdParams,
      response: { 200: StaffRoomList, ...errors },
    },
    config: managers,
    handler: async (request) => deleteRoom(acting(ctx, request), request.params),
  });
  app.post('/manage/rooms/:id/beds', {
    schema: {
      tags,
      summary: '添加床位',
      security,
      params: IdParams,
      body: CreateBedBody,
      response: { 200: StaffRoomList, ...errors },
    },
    config: managers,
    handler: async (request) => createBed(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.patch('/manage/beds/:id', {
    schema: {
      tags,
      summary: '修改床位月租或停用/启用',
      security,
      params: IdParams,
      body: UpdateBedBody,
      response: { 200: StaffRoomList, ...errors },
    },
    config: managers,
    handler: async (request) => updateBed(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.get('/manage/figures', {
    schema: { tags, summary: '入住与候补统计（按公寓、按区）', security, response: { 200: HousingFigures, ...errors } },
    config: managers,
    handler: async (request) => housingFigures(acting(readsFor(ctx, request), request)),
  });

  // ---- staff: applications ----
  app.get('/manage/applications', {
    schema: {
      tags,
      summary: '床位申请（本人负责的公寓）',
      security,
      querystring: StaffApplicationQuery,
      response: { 200: StaffApplicationList, ...errors },
    },
    config: managers,
    handler: async (request) => listApplications(acting(ctx, request), request.query),
  });
  app.get('/manage/applications/:id/free-beds', {
    schema: {
      tags,
      summary: '可分配的空床位（按申请的日期和性别）',
      security,
      params: IdParams,
      querystring: FreeBedQuery,
      response: { 200: FreeBedList, ...errors },
    },
    config: managers,
    handler: async (request) => freeBeds(acting(ctx, request), { id: request.params.id, ...request.query }),
  });
  const stepRoute = { tags, security, params: IdParams, response: { 200: StaffApplication, ...errors } };
  app.post('/manage/applications/:id/offer', {
    schema: { ...stepRoute, summary: '分配床位（日期重叠的同一床位只能给一人）', body: OfferBody },
    config: managers,
    handler: async (request) => offerBed(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.post('/manage/applications/:id/waitlist', {
    schema: { ...stepRoute, summary: '登记候补', body: HousingNoteBody },
    config: managers,
    handler: async (request) => waitlist(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.post('/manage/applications/:id/decline', {
    schema: { ...stepRoute, summary: '不通过（须填原因）', body: DeclineBody },
    config: managers,
    handler: async (request) => decline(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.post('/manage/applications/:id/move-in', {
    schema: { ...stepRoute, summary: '办理入住', body: HousingNoteBody },
    config: managers,
    handler: async (request) => moveIn(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.post('/manage/applications/:id/move-out', {
    schema: { ...stepRoute, summary: '办理退宿', body: HousingNoteBody },
    config: managers,
    handler: async (request) => moveOut(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
};

export default housingRoutes;
