// Typed calls of the 暖新公寓 housing API. Types only from the shared schemas (bundle rule).
import type {
  Apartment,
  ApartmentPhoto,
  ApartmentHitList,
  ApplyBody,
  BedSearchQuery,
  CreateApartmentBody,
  CreateBedBody,
  CreateRoomBody,
  FreeBedList,
  HousingFigures,
  MyApplication,
  MyApplicationList,
  StaffApplication,
  StaffApplicationList,
  StaffRoomList,
  UpdateApartmentBody,
  UpdateBedBody,
  UpdateRoomBody,
} from '@nuanxin/shared/housing/schemas';
import { api } from './api';
import { postPhotoForm, type LocalPhoto } from './reports';

const H = '/api/v1/housing';

function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const housingApi = {
  search: (q: BedSearchQuery) => api.call<ApartmentHitList>('GET', `${H}/beds${query({ ...q })}`),
  apartment: (id: string) => api.call<Apartment>('GET', `${H}/apartments/${encodeURIComponent(id)}`),
  apply: (body: ApplyBody) => api.call<MyApplication>('POST', `${H}/applications`, { body }),
  mine: () => api.call<MyApplicationList>('GET', `${H}/applications/mine`),
  // staff
  applications: (status?: string) =>
    api.call<StaffApplicationList>('GET', `${H}/manage/applications${query({ status })}`),
  freeBeds: (id: string) => api.call<FreeBedList>('GET', `${H}/manage/applications/${id}/free-beds`),
  step: (id: string, step: 'offer' | 'waitlist' | 'decline' | 'move-in' | 'move-out', body: object = {}) =>
    api.call<StaffApplication>('POST', `${H}/manage/applications/${id}/${step}`, { body }),
  figures: () => api.call<HousingFigures>('GET', `${H}/manage/figures`),
  rooms: (apartmentId: string) => api.call<StaffRoomList>('GET', `${H}/manage/apartments/${apartmentId}/rooms`),
  addRoom: (apartmentId: string, body: CreateRoomBody) =>
    api.call<StaffRoomList>('POST', `${H}/manage/apartments/${apartmentId}/rooms`, { body }),
  /** Apartment photos (operator, district admin): each call answers the photos in their order. */
  addApartmentPhoto: (id: string, photo: LocalPhoto) =>
    postPhotoForm<{ items: ApartmentPhoto[] }>(`${H}/manage/apartments/${id}/photos`, {}, photo),
  removeApartmentPhoto: (id: string, photoId: string) =>
    api.call<{ items: ApartmentPhoto[] }>('DELETE', `${H}/manage/apartments/${id}/photos/${photoId}`),
  orderApartmentPhotos: (id: string, ids: string[]) =>
    api.call<{ items: ApartmentPhoto[] }>('PUT', `${H}/manage/apartments/${id}/photos/order`, { body: { ids } }),
  managedApartment: (id: string) => api.call<Apartment>('GET', `${H}/manage/apartments/${id}`),
  createApartment: (body: CreateApartmentBody) => api.call<Apartment>('POST', `${H}/manage/apartments`, { body }),
  updateApartment: (id: string, body: UpdateApartmentBody) =>
    api.call<Apartment>('PATCH', `${H}/manage/apartments/${id}`, { body }),
  updateRoom: (roomId: string, body: UpdateRoomBody) =>
    api.call<StaffRoomList>('PATCH', `${H}/manage/rooms/${roomId}`, { body }),
  deleteRoom: (roomId: string) => api.call<StaffRoomList>('DELETE', `${H}/manage/rooms/${roomId}`),
  addBed: (roomId: string, body: CreateBedBody) =>
    api.call<StaffRoomList>('POST', `${H}/manage/rooms/${roomId}/beds`, { body }),
  updateBed: (bedId: string, body: UpdateBedBody) =>
    api.call<StaffRoomList>('PATCH', `${H}/manage/beds/${bedId}`, { body }),
};
