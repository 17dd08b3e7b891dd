// 微心愿 wishes: the rider's and the staff's calls.
import type {
  MyWish,
  MyWishList,
  StaffWish,
  StaffWishList,
  WallWishList,
  WishBody,
  WishReviewBody,
  WishTargetList,
} from '@nuanxin/shared/wishes/schemas';
import { api } from './api';
import { postPhotoForm, type LocalPhoto } from './reports';

const id = (v: string) => encodeURIComponent(v);

export const wishesApi = {
  wall: () => api.call<WallWishList>('GET', '/api/v1/wishes/wall'),
  mine: () => api.call<MyWishList>('GET', '/api/v1/wishes/mine'),
  targets: (q: string) => api.call<WishTargetList>('GET', `/api/v1/wishes/targets?q=${encodeURIComponent(q)}`),
  submit: (body: WishBody) => api.call<MyWish>('POST', '/api/v1/wishes', { body }),
  /** 许个心愿 with a photo. */
  submitWithPhoto: (body: WishBody, photo: LocalPhoto) =>
    postPhotoForm<MyWish>('/api/v1/wishes/with-photo', { ...body }, photo),
  received: (wid: string) => api.call<MyWish>('POST', `/api/v1/wishes/${id(wid)}/received`),
  // staff
  staffList: () => api.call<StaffWishList>('GET', '/api/v1/staff/wishes'),
  review: (wid: string, body: WishReviewBody) =>
    api.call<StaffWish>('POST', `/api/v1/staff/wishes/${id(wid)}/review`, { body }),
  adopt: (wid: string, adopterName: string) =>
    api.call<StaffWish>('POST', `/api/v1/staff/wishes/${id(wid)}/adopt`, { body: { adopterName } }),
  fulfil: (wid: string, note: string) =>
    api.call<StaffWish>('POST', `/api/v1/staff/wishes/${id(wid)}/fulfil`, { body: { note } }),
  /** 已实现 with a photo; `public`: staff confirm it shows no face, name, door number or plate. */
  fulfilPhoto: (wid: string, note: string, photo: LocalPhoto, isPublic: boolean) =>
    postPhotoForm<StaffWish>(
      `/api/v1/staff/wishes/${id(wid)}/fulfil-photo`,
      { note, public: isPublic ? 'true' : 'false' },
      photo,
    ),
};
