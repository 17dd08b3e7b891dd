import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import { DateTime, Id, literals, Nullable, strict } from '../common/schemas.js';
import {
  APPLICATION_STATUSES,
  BED_PRICE_YUAN,
  BED_STATUSES,
  FACILITIES,
  HOUSING_SUBSCRIBE_KINDS,
  MAX_APARTMENT_PHOTOS,
  ROOM_GENDERS,
  STAY_MONTHS,
} from './constants.js';

/** `literals` with a Chinese title, for request fields (validation messages name them by it). */
const titledLiterals = <T extends string>(values: readonly T[], title: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { title },
  ) as unknown as TUnion<TLiteral<T>[]>;

export const RoomGenderSchema = literals(ROOM_GENDERS);
export const BedStatusSchema = literals(BED_STATUSES);
export const FacilitySchema = literals(FACILITIES);
export const ApplicationStatusSchema = literals(APPLICATION_STATUSES);

/** A calendar day in Beijing, YYYY-MM-DD, in a year PostgreSQL and people both mean. */
export const HousingDate = Type.String({
  format: 'date',
  pattern: '^(19|20)\\d{2}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD, Asia/Shanghai',
});
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });
const Price = Type.Integer({ minimum: BED_PRICE_YUAN.min, maximum: BED_PRICE_YUAN.max, description: '元/月' });
const Months = Type.Integer({ minimum: STAY_MONTHS.min, maximum: STAY_MONTHS.max });
const Name = (max: number) => Type.String({ minLength: 1, maxLength: max });

// ---- rider: search, detail, apply ----

export const BedSearchQuery = strict({
  lat: Type.Optional(Lat),
  lng: Type.Optional(Lng),
  /** The day the rider wants to move in (default: today in Beijing). */
  date: Type.Optional(Type.String({ ...HousingDate, title: '入住日期' })),
  months: Type.Optional(Type.Integer({ ...Months, title: '租住月数' })),
  maxPrice: Type.Optional(Type.Integer({ ...Price, title: '最高月租' })),
  gender: Type.Optional(titledLiterals(ROOM_GENDERS, '房间性别')),
});
export type BedSearchQuery = Static<typeof BedSearchQuery>;

export const ApartmentHit = Type.Object({
  id: Type.String(),
  name: Type.String(),
  address: Type.String(),
  districtName: Type.String(),
  streetName: Nullable(Type.String()),
  lat: Type.Number(),
  lng: Type.Number(),
  /** Metres from the point asked about; null without a point. */
  distanceM: Nullable(Type.Number()),
  /** Beds free for the whole stay asked about, within the price and gender asked. */
  vacantBeds: Type.Integer(),
  minPrice: Nullable(Type.Integer()),
  maxPrice: Nullable(Type.Integer()),
  facilities: Type.Array(FacilitySchema),
});
export type ApartmentHit = Static<typeof ApartmentHit>;
export const ApartmentHitList = Type.Object({ items: Type.Array(ApartmentHit) });
export type ApartmentHitList = Static<typeof ApartmentHitList>;

export const RoomSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  floor: Nullable(Type.Integer()),
  gender: RoomGenderSchema,
  beds: Type.Integer(),
  vacantBeds: Type.Integer(),
  minPrice: Nullable(Type.Integer()),
});
export type RoomSummary = Static<typeof RoomSummary>;

/** A photo of an apartment: signed links (public information, cacheable for about an hour). */
export const ApartmentPhoto = Type.Object({
  id: Type.String(),
  url: Type.String(),
  thumbUrl: Type.String(),
});
export type ApartmentPhoto = Static<typeof ApartmentPhoto>;

/** The new order of an apartment's photos: every photo id, each once. */
export const ApartmentPhotoOrderBody = strict({
  ids: Type.Array(Id, { minItems: 1, maxItems: MAX_APARTMENT_PHOTOS, uniqueItems: true, title: '照片顺序' }),
});
export type ApartmentPhotoOrderBody = Static<typeof ApartmentPhotoOrderBody>;

export const Apartment = Type.Object({
  id: Type.String(),
  name: Type.String(),
  address: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  districtId: Type.String(),
  districtName: Type.String(),
  streetId: Nullable(Type.String()),
  streetName: Nullable(Type.String()),
  operatorName: Type.String(),
  contactPhone: Type.String({ description: 'The apartment front desk (a public number)' }),
  rules: Type.String(),
  costs: Type.String(),
  facilities: Type.Array(FacilitySchema),
  photos: Type.Array(ApartmentPhoto),
  active: Type.Boolean(),
  rooms: Type.Array(RoomSummary),
});
export type Apartment = Static<typeof Apartment>;

export const ApartmentDetailQuery = strict({
  date: Type.Optional(Type.String({ ...HousingDate, title: '入住日期' })),
  months: Type.Optional(Type.Integer({ ...Months, title: '租住月数' })),
});
export type ApartmentDetailQuery = Static<typeof ApartmentDetailQuery>;

export const ApplyBody = strict({
  apartmentId: Type.String({ format: 'uuid', title: '公寓' }),
  fromDate: Type.String({ ...HousingDate, title: '入住日期' }),
  months: Type.Integer({ ...Months, title: '租住月数' }),
  needs: Type.Optional(Type.String({ maxLength: 300, title: '需求说明' })),
  gender: titledLiterals(ROOM_GENDERS, '房间性别'),
  /** Subscribe messages the rider agreed to (wx.requestSubscribeMessage) for this application. */
  subscriptions: Type.Optional(
    Type.Array(titledLiterals(HOUSING_SUBSCRIBE_KINDS, '订阅消息'), {
      title: '订阅消息',
      maxItems: 2,
      uniqueItems: true,
    }),
  ),
});
export type ApplyBody = Static<typeof ApplyBody>;

export const ApplicationStep = Type.Object({
  step: ApplicationStatusSchema,
  at: DateTime,
  note: Type.String(),
});
export type ApplicationStep = Static<typeof ApplicationStep>;

/** The bed a rider was given, with its dates: [startDate, endDate). */
export const Allocation = Type.Object({
  bedId: Type.String(),
  bedLabel: Type.String({ description: 'Room and bed, e.g. 3层301 · A床' }),
  monthlyPrice: Type.Integer(),
  startDate: HousingDate,
  endDate: HousingDate,
});
export type Allocation = Static<typeof Allocation>;

export const MyApplication = Type.Object({
  id: Type.String(),
  apartmentId: Type.String(),
  apartmentName: Type.String(),
  apartmentAddress: Type.String(),
  contactPhone: Type.String(),
  fromDate: HousingDate,
  months: Type.Integer(),
  needs: Type.String(),
  gender: RoomGenderSchema,
  status: ApplicationStatusSchema,
  reason: Nullable(Type.String()),
  allocation: Nullable(Allocation),
  createdAt: DateTime,
  steps: Type.Array(ApplicationStep),
});
export type MyApplication = Static<typeof MyApplication>;
export const MyApplicationList = Type.Object({ items: Type.Array(MyApplication) });
export type MyApplicationList = Static<typeof MyApplicationList>;

// ---- staff: apartments, rooms, beds ----

export const CreateApartmentBody = strict({
  name: Name(60),
  address: Name(120),
  lat: Lat,
  lng: Lng,
  streetId: Type.Optional(Id),
  operatorName: Type.String({ minLength: 1, maxLength: 60, title: '运营方' }),
  contactPhone: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9+\\- ]*$', title: '联系电话' })),
  rules: Type.Optional(Type.String({ maxLength: 2000, title: '入住规则' })),
  costs: Type.Optional(Type.String({ maxLength: 1000, title: '费用说明' })),
  facilities: Type.Optional(
    Type.Array(FacilitySchema, { maxItems: FACILITIES.length, uniqueItems: true, title: '设施' }),
  ),
});
export type CreateApartmentBody = Static<typeof CreateApartmentBody>;

export const UpdateApartmentBody = strict({
  name: Type.Optional(Name(60)),
  address: Type.Optional(Name(120)),
  lat: Type.Optional(Lat),
  lng: Type.Optional(Lng),
  operatorName: Type.Optional(Type.String({ minLength: 1, maxLength: 60, title: '运营方' })),
  contactPhone: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9+\\- ]*$', title: '联系电话' })),
  rules: Type.Optional(Type.String({ maxLength: 2000, title: '入住规则' })),
  costs: Type.Optional(Type.String({ maxLength: 1000, title: '费用说明' })),
  facilities: Type.Optional(
    Type.Array(FacilitySchema, { maxItems: FACILITIES.length, uniqueItems: true, title: '设施' }),
  ),
  active: Type.Optional(Type.Boolean()),
});
export type UpdateApartmentBody = Static<typeof UpdateApartmentBody>;

export const CreateRoomBody = strict({
  name: Name(30),
  floor: Type.Optional(Type.Integer({ minimum: -5, maximum: 100, title: '楼层' })),
  gender: titledLiterals(ROOM_GENDERS, '房间性别'),
});
export type CreateRoomBody = Static<typeof CreateRoomBody>;

/** Rename a room, move it to another floor (null: none), or change whom it is for. */
export const UpdateRoomBody = strict({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 30, title: '房间名称' })),
  // Null first: the validator coerces types, and would turn null into 0 for an integer tried first.
  floor: Type.Optional(
    Type.Union([Type.Null(), Type.Integer({ minimum: -5, maximum: 100, title: '楼层' })], { title: '楼层' }),
  ),
  gender: Type.Optional(titledLiterals(ROOM_GENDERS, '房间性别')),
});
export type UpdateRoomBody = Static<typeof UpdateRoomBody>;

export const CreateBedBody = strict({
  code: Type.String({ minLength: 1, maxLength: 10, title: '床位编号' }),
  monthlyPrice: Type.Integer({ ...Price, title: '月租（元）' }),
});
export type CreateBedBody = Static<typeof CreateBedBody>;

export const UpdateBedBody = strict({
  monthlyPrice: Type.Optional(Type.Integer({ ...Price, title: '月租（元）' })),
  status: Type.Optional(titledLiterals(BED_STATUSES, '床位状态')),
});
export type UpdateBedBody = Static<typeof UpdateBedBody>;

export const StaffBed = Type.Object({
  id: Type.String(),
  code: Type.String(),
  monthlyPrice: Type.Integer(),
  status: BedStatusSchema,
  /** Who holds it today (offered or moved in), masked; null when free today. */
  holder: Nullable(Type.Object({ name: Type.String(), state: Type.String(), until: HousingDate })),
});
export type StaffBed = Static<typeof StaffBed>;

export const StaffRoom = Type.Object({
  id: Type.String(),
  name: Type.String(),
  floor: Nullable(Type.Integer()),
  gender: RoomGenderSchema,
  beds: Type.Array(StaffBed),
});
export type StaffRoom = Static<typeof StaffRoom>;
export const StaffRoomList = Type.Object({ items: Type.Array(StaffRoom) });
export type StaffRoomList = Static<typeof StaffRoomList>;

export const ApartmentFigures = Type.Object({
  apartmentId: Type.String(),
  name: Type.String(),
  districtName: Type.String(),
  active: Type.Boolean(),
  beds: Type.Integer({ description: 'Beds in use (active)' }),
  occupied: Type.Integer({ description: 'Beds with a rider moved in today' }),
  offered: Type.Integer({ description: 'Beds offered for today, not yet moved in' }),
  vacant: Type.Integer({ description: 'Active beds free today' }),
  waiting: Type.Integer({ description: 'Applications submitted or waitlisted' }),
});
export type ApartmentFigures = Static<typeof ApartmentFigures>;

export const HousingFigures = Type.Object({
  date: HousingDate,
  apartments: Type.Array(ApartmentFigures),
  districts: Type.Array(
    Type.Object({
      districtId: Type.String(),
      districtName: Type.String(),
      apartments: Type.Integer(),
      beds: Type.Integer(),
      occupied: Type.Integer(),
      offered: Type.Integer(),
      vacant: Type.Integer(),
      waiting: Type.Integer(),
    }),
  ),
});
export type HousingFigures = Static<typeof HousingFigures>;

// ---- staff: applications ----

export const StaffApplicationQuery = strict({
  apartmentId: Type.Optional(Type.String({ format: 'uuid', title: '公寓' })),
  status: Type.Optional(titledLiterals(APPLICATION_STATUSES, '申请状态')),
});
export type StaffApplicationQuery = Static<typeof StaffApplicationQuery>;

export const StaffApplication = Type.Object({
  id: Type.String(),
  apartmentId: Type.String(),
  apartmentName: Type.String(),
  applicantName: Type.String(),
  phoneMasked: Type.String(),
  platformLabel: Nullable(Type.String()),
  stationName: Nullable(Type.String()),
  /** A registered rider (platform and station) who is not suspended. */
  eligible: Type.Boolean(),
  ineligibleReason: Nullable(Type.String()),
  fromDate: HousingDate,
  months: Type.Integer(),
  needs: Type.String(),
  gender: RoomGenderSchema,
  status: ApplicationStatusSchema,
  reason: Nullable(Type.String()),
  allocation: Nullable(Allocation),
  createdAt: DateTime,
  steps: Type.Array(ApplicationStep),
});
export type StaffApplication = Static<typeof StaffApplication>;
export const StaffApplicationList = Type.Object({ items: Type.Array(StaffApplication) });
export type StaffApplicationList = Static<typeof StaffApplicationList>;

export const FreeBed = Type.Object({
  id: Type.String(),
  label: Type.String(),
  roomGender: RoomGenderSchema,
  monthlyPrice: Type.Integer(),
});
export type FreeBed = Static<typeof FreeBed>;
export const FreeBedList = Type.Object({ startDate: HousingDate, endDate: HousingDate, items: Type.Array(FreeBed) });
export type FreeBedList = Static<typeof FreeBedList>;

export const OfferBody = strict({
  bedId: Type.String({ format: 'uuid', title: '床位' }),
  /** Default: the application's from date. */
  startDate: Type.Optional(Type.String({ ...HousingDate, title: '起租日期' })),
  /** Default: start plus the months asked for. Exclusive: the day the bed is free again. */
  endDate: Type.Optional(Type.String({ ...HousingDate, title: '退租日期' })),
  note: Type.Optional(Type.String({ maxLength: 200 })),
});
export type OfferBody = Static<typeof OfferBody>;

export const HousingNoteBody = strict({ note: Type.Optional(Type.String({ maxLength: 200 })) });
export type HousingNoteBody = Static<typeof HousingNoteBody>;

export const DeclineBody = strict({ reason: Type.String({ minLength: 1, maxLength: 200 }) });
export type DeclineBody = Static<typeof DeclineBody>;
