// 随手帮 volunteer tasks: the rider's and the poster's calls.
import type {
  ConfirmResult,
  EditTaskBody,
  MyTaskList,
  PostTaskBody,
  RiderTask,
  StaffTask,
  StaffTaskList,
  TaskList,
} from '@nuanxin/shared/tasks/schemas';
import { api } from './api';
import { postPhotoForm, type LocalPhoto } from './reports';

const id = (v: string) => encodeURIComponent(v);

export const tasksApi = {
  open: () => api.call<TaskList>('GET', '/api/v1/tasks'),
  mine: () => api.call<MyTaskList>('GET', '/api/v1/tasks/mine'),
  get: (taskId: string) => api.call<RiderTask>('GET', `/api/v1/tasks/${id(taskId)}`),
  claim: (taskId: string) => api.call<RiderTask>('POST', `/api/v1/tasks/${id(taskId)}/claim`),
  done: (taskId: string, note: string) =>
    api.call<RiderTask>('POST', `/api/v1/tasks/${id(taskId)}/done`, { body: { note } }),
  /** 完成 with a photo (and the note, if any). */
  donePhoto: (taskId: string, note: string, photo: LocalPhoto) =>
    postPhotoForm<RiderTask>(`/api/v1/tasks/${id(taskId)}/done-photo`, note ? { note } : {}, photo),
  abandon: (taskId: string) => api.call<RiderTask>('POST', `/api/v1/tasks/${id(taskId)}/abandon`),
  // staff
  staffList: () => api.call<StaffTaskList>('GET', '/api/v1/staff/tasks'),
  staffGet: (taskId: string) => api.call<StaffTask>('GET', `/api/v1/staff/tasks/${id(taskId)}`),
  post: (body: PostTaskBody) => api.call<StaffTask>('POST', '/api/v1/staff/tasks', { body }),
  edit: (taskId: string, body: EditTaskBody) =>
    api.call<StaffTask>('PATCH', `/api/v1/staff/tasks/${id(taskId)}`, { body }),
  cancel: (taskId: string, reason: string) =>
    api.call<StaffTask>('POST', `/api/v1/staff/tasks/${id(taskId)}/cancel`, { body: { reason } }),
  confirm: (claimId: string) => api.call<ConfirmResult>('POST', `/api/v1/staff/task-claims/${id(claimId)}/confirm`),
};
