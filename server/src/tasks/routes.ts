import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CancelTaskBody,
  ConfirmResult,
  DoneBody,
  DonePhotoFields,
  EditTaskBody,
  MyTaskList,
  PostTaskBody,
  RiderTask,
  StaffTask,
  StaffTaskList,
  TaskList,
} from '@nuanxin/shared/tasks/schemas';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import { badRequest } from '../platform/app-error.js';
import type { TasksContext } from './context.js';
import { abandonClaim, claimTask, markDone } from './claim.js';
import { confirmClaim } from './confirm.js';
import { postTask } from './post.js';
import { cancelTask, editTask } from './manage.js';
import { fieldsOf, readMultipart } from '../media/index.js';
import { listOpenTasks, listStaffTasks, myTasks, riderTask, staffTask } from './queries.js';

const security = [{ bearer: [] }];
const tags = ['tasks'];
const rider = { auth: { roles: ['rider'] as const } };
const posters = { auth: { roles: ['community_admin', 'street_operator'] as const } };
const errors = { ...errorResponses, 409: Type.Ref('ErrorBody') };

/** 随手帮: riders claim volunteer tasks the community or street posts; the poster confirms → points. */
const taskRoutes: FastifyPluginAsyncTypebox<{ ctx: TasksContext }> = async (app, { ctx }) => {
  // ---- rider ----
  app.get('/tasks', {
    schema: { tags, summary: '随手帮：可认领的任务', security, response: { 200: TaskList, ...errors } },
    config: rider,
    handler: async (request) => ({ items: await listOpenTasks(acting(ctx, request)) }),
  });
  app.get('/tasks/mine', {
    schema: { tags, summary: '我认领的随手帮任务', security, response: { 200: MyTaskList, ...errors } },
    config: rider,
    handler: async (request) => ({ items: await myTasks(acting(ctx, request)) }),
  });
  app.get('/tasks/:id', {
    schema: {
      tags,
      summary: '任务详情（详细地址仅认领中可见）',
      security,
      params: IdParams,
      response: { 200: RiderTask, ...errors },
    },
    config: rider,
    handler: async (request) => riderTask(acting(ctx, request), { id: request.params.id }),
  });
  app.post('/tasks/:id/claim', {
    schema: { tags, summary: '认领一个名额', security, params: IdParams, response: { 200: RiderTask, ...errors } },
    config: rider,
    handler: async (request) => claimTask(acting(ctx, request), { id: request.params.id }),
  });
  app.post('/tasks/:id/done', {
    schema: {
      tags,
      summary: '标记完成（附说明）',
      security,
      params: IdParams,
      body: DoneBody,
      response: { 200: RiderTask, ...errors },
    },
    config: rider,
    handler: async (request) => markDone(acting(ctx, request), { id: request.params.id, note: request.body.note }),
  });
  app.post('/tasks/:id/done-photo', {
    schema: {
      tags,
      summary: '标记完成（附照片，multipart: photo×1, note 可选）',
      security,
      params: IdParams,
      consumes: ['multipart/form-data'],
      response: { 200: RiderTask, ...errors, 413: Type.Ref('ErrorBody'), 415: Type.Ref('ErrorBody') },
    },
    config: rider,
    handler: async (request) => {
      const { fields, files } = await readMultipart(request, 'photo', {
        fileSize: ctx.photos.maxBytes,
        files: 1,
      });
      const { note } = fieldsOf(DonePhotoFields, fields);
      if (files.length === 0) throw badRequest('PHOTO_REQUIRED', undefined, 'photo');
      return markDone(acting(ctx, request), { id: request.params.id, note, photo: files[0] });
    },
  });
  app.post('/tasks/:id/abandon', {
    schema: {
      tags,
      summary: '放弃认领（名额释放）',
      security,
      params: IdParams,
      response: { 200: RiderTask, ...errors },
    },
    config: rider,
    handler: async (request) => abandonClaim(acting(ctx, request), { id: request.params.id }),
  });

  // ---- staff: the poster's scope ----
  app.get('/staff/tasks', {
    schema: { tags, summary: '本辖区的随手帮任务', security, response: { 200: StaffTaskList, ...errors } },
    config: posters,
    handler: async (request) => ({ items: await listStaffTasks(acting(ctx, request)) }),
  });
  app.post('/staff/tasks', {
    schema: { tags, summary: '发布随手帮任务', security, body: PostTaskBody, response: { 201: StaffTask, ...errors } },
    config: posters,
    handler: async (request, reply) => reply.status(201).send(await postTask(acting(ctx, request), request.body)),
  });
  app.get('/staff/tasks/:id', {
    schema: {
      tags,
      summary: '任务详情与认领情况',
      security,
      params: IdParams,
      response: { 200: StaffTask, ...errors },
    },
    config: posters,
    handler: async (request) => staffTask(acting(ctx, request), { id: request.params.id }),
  });
  app.patch('/staff/tasks/:id', {
    schema: {
      tags,
      summary: '修改任务（时间、地点变动通知认领人）',
      security,
      params: IdParams,
      body: EditTaskBody,
      response: { 200: StaffTask, ...errors },
    },
    config: posters,
    handler: async (request) => editTask(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.post('/staff/tasks/:id/cancel', {
    schema: {
      tags,
      summary: '取消任务（通知认领人）',
      security,
      params: IdParams,
      body: CancelTaskBody,
      response: { 200: StaffTask, ...errors },
    },
    config: posters,
    handler: async (request) => cancelTask(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
  app.post('/staff/task-claims/:id/confirm', {
    schema: {
      tags,
      summary: '确认完成（发放积分，仅一次）',
      security,
      params: IdParams,
      response: { 200: ConfirmResult, ...errors },
    },
    config: posters,
    handler: async (request) => confirmClaim(acting(ctx, request), { id: request.params.id }),
  });
};

export default taskRoutes;
