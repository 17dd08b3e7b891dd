import type { Role } from '@nuanxin/shared/auth/constants';
import { seedId } from '../../../server/src/seed/demo.js';

// The access matrix (#19): every route of the app × every role × own/other scope → allowed or
// refused, in one table, checked against the running app by access-matrix.test.ts. A route the app
// has that is not in this table fails that test: add it here, with who may call it.
//
// How to read a row:
//   who    'public' — anyone, no login needed;  'any' — every signed-in role;
//          a list — only these roles; every other role is refused (403 FORBIDDEN), and without a
//          token every non-public route is 401.
//   scope  the kind of resource the path's first parameter names. "Own" is a resource inside the
//          caller's demo scope (呼家楼街道: community C-HJL-01, street 110105004, merchant
//          M-HJL-BARBER, gate C-HJL-01:north, team 110105004 — inside every demo staff member's
//          scope); "other" is one of another district. Own: the `who` roles are let through;
//          other: refused (403 or 404) for all of them, except the roles listed in `other`.
//   own    where only some of `who` may act even on their own scope's resource.
//   body   a request body valid enough to reach the scope check (routes with a scope and a body).

export const R = 'rider';
export const CA = 'community_admin';
export const SO = 'street_operator';
export const M = 'merchant';
export const DA = 'district_admin';
export const GG = 'gate_guard';
export const CM = 'crew_member';
export const ME = 'mediator';
export const AO = 'apartment_operator';

export type ScopeKind =
  | 'community'
  | 'street'
  | 'merchant'
  | 'gate'
  | 'team'
  | 'apartment'
  | 'apartment_room'
  | 'apartment_bed'
  | 'housing_application';

export interface Access {
  who: 'public' | 'any' | readonly Role[];
  scope?: ScopeKind;
  /** Roles let through on their own scope's resource (default: all of `who`). */
  own?: readonly Role[];
  /** Roles that may also act on the other scope's resource (default: none). */
  other?: readonly Role[];
  /** The request body (default `{}` for POST/PUT/PATCH; null: none). */
  body?: unknown;
}

export const ACCESS_MATRIX: Record<string, Record<string, Access>> = {
  platform: {
    'GET /health': { who: 'public' },
    'GET /ready': { who: 'public' },
    // CORS preflight (@fastify/cors).
    'OPTIONS *': { who: 'public' },
  },
  auth: {
    'POST /api/v1/auth/wx-login': { who: 'public' },
    'GET /api/v1/auth/demo-accounts': { who: 'public' },
    'POST /api/v1/auth/demo-login': { who: 'public' },
    'POST /api/v1/auth/refresh': { who: 'public' },
    'POST /api/v1/auth/logout': { who: 'public' },
    'POST /api/v1/auth/logout-all': { who: 'any' },
    'POST /api/v1/auth/invitations': { who: [DA, SO, CA] },
    'GET /api/v1/auth/invitations': { who: [DA, SO, CA] },
    'GET /api/v1/auth/invitations/targets': { who: [DA, SO, CA] },
    'POST /api/v1/auth/invitations/:id/revoke': { who: [DA, SO, CA] },
    'POST /api/v1/auth/invitations/redeem': { who: 'any' },
    'GET /api/v1/auth/options': { who: 'public' },
    'GET /api/v1/auth/wx-web/start': { who: 'public' },
    'GET /api/v1/auth/wx-web/callback': { who: 'public' },
    'POST /api/v1/auth/wx-web/exchange': { who: 'public' },
    'GET /api/v1/me': { who: 'any' },
  },
  notifications: {
    'GET /api/v1/notifications': { who: 'any' },
    'GET /api/v1/me/attention': { who: 'any' },
    'POST /api/v1/notifications/read-all': { who: 'any' },
    'POST /api/v1/notifications/:id/read': { who: 'any' },
  },
  geo: {
    'GET /api/v1/places/describe': { who: 'any' },
    'GET /api/v1/places/search': { who: 'any' },
    'GET /api/v1/places/areas': { who: 'any' },
    'GET /api/v1/map/layers': { who: 'any' },
    'GET /api/v1/streets': { who: [SO, DA] },
    'POST /api/v1/streets': { who: [DA] },
    'POST /api/v1/streets/boundaries': { who: [DA] },
    'GET /api/v1/streets/:id': { who: [SO, DA], scope: 'street' },
    'PATCH /api/v1/streets/:id': { who: [DA], scope: 'street', body: { active: true } },
    'GET /api/v1/communities': { who: [CA, SO, DA] },
    'POST /api/v1/communities': { who: [SO, DA] },
    'GET /api/v1/communities/:id': { who: [CA, SO, DA], scope: 'community' },
    'PATCH /api/v1/communities/:id': { who: [SO, DA], scope: 'community', body: { active: true } },
    'GET /api/v1/merchants': { who: [SO, DA, M] },
    'POST /api/v1/merchants': { who: [SO, DA] },
    // A community admin passes the guard but covers no merchant, even one in its street.
    'GET /api/v1/merchants/:id': { who: [CA, SO, M, DA], scope: 'merchant', own: [SO, M, DA] },
    'PATCH /api/v1/merchants/:id': { who: [SO, DA], scope: 'merchant', body: { active: true } },
  },
  stations: {
    'GET /api/v1/stations/nearby': { who: 'any' },
    'GET /api/v1/stations/nearest': { who: 'any' },
    'GET /api/v1/stations/in-box': { who: 'any' },
    'GET /api/v1/stations/:id': { who: 'any' },
    'GET /api/v1/stations/export': { who: [DA, SO] },
    'GET /api/v1/staff/stations': { who: [DA, SO] },
    'POST /api/v1/stations': { who: [DA, SO] },
    'PATCH /api/v1/stations/:id': { who: [DA, SO] },
    'POST /api/v1/stations/:id/status': { who: [DA, SO] },
    'POST /api/v1/stations/import': { who: [DA, SO] },
  },
  access: {
    'GET /api/v1/access/profile': { who: [R] },
    'PUT /api/v1/access/profile': { who: [R] },
    'GET /api/v1/access/open-communities': { who: [R] },
    'GET /api/v1/access/passes': { who: [R] },
    'POST /api/v1/access/passes': { who: [R] },
    'POST /api/v1/access/scans': { who: [R] },
    'GET /api/v1/access/my-code': { who: [R] },
    'POST /api/v1/access/rider-checks': { who: [CA, GG] },
    'GET /api/v1/access/rider-code-keys': { who: 'public' },
    'GET /api/v1/access/review': { who: [CA] },
    'POST /api/v1/access/passes/approve': { who: [CA] },
    'POST /api/v1/access/passes/:id/reject': { who: [CA] },
    'POST /api/v1/access/passes/:id/revoke': { who: [CA] },
    'GET /api/v1/access/communities/:id/gates': { who: [CA, SO, DA], scope: 'community' },
    'POST /api/v1/access/communities/:id/gates': {
      who: [CA],
      scope: 'community',
      body: { name: '矩阵门', kind: 'smart', lat: 39.9236, lng: 116.4661 },
    },
    'GET /api/v1/access/communities/:id/guide': { who: [CA], scope: 'community' },
    'PUT /api/v1/access/communities/:id/guide': {
      who: [CA],
      scope: 'community',
      body: { buildings: [], parking: null, transferPoint: null, notes: '', requireLocation: false, maxDistanceM: 200 },
    },
    'PATCH /api/v1/access/gates/:id': { who: [CA], scope: 'gate', body: {} },
    'POST /api/v1/access/gates/:id/code': { who: [CA], scope: 'gate' },
    'POST /api/v1/access/gates/:id/device-key': { who: [CA], scope: 'gate', body: null },
    'GET /api/v1/access/gates/:id/poster': { who: [CA], scope: 'gate' },
    // Gate devices: a device key of the gate, not a login (401 DEVICE_KEY_INVALID without one).
    'GET /api/v1/access/gates/:id/grants': { who: 'public' },
    'GET /api/v1/access/events': { who: [CA, SO, DA, GG] },
    'GET /api/v1/access/events.csv': { who: [CA, SO, DA] },
    'GET /api/v1/access/riders': { who: [SO, DA] },
    'GET /api/v1/access/riders/:id': { who: [SO, DA] },
    'POST /api/v1/access/riders/:id/suspend': { who: [SO, DA] },
    'POST /api/v1/access/riders/:id/lift': { who: [SO, DA] },
    'GET /api/v1/access/agreements': { who: [CA, SO, DA] },
    'POST /api/v1/access/agreements': { who: [CA, SO, DA] },
    'PATCH /api/v1/access/agreements/:id': { who: [CA, SO, DA] },
    'POST /api/v1/access/agreements/:id/end': { who: [CA, SO, DA] },
  },
  points: {
    'GET /api/v1/points/summary': { who: [R] },
    'GET /api/v1/points/history': { who: [R] },
    'GET /api/v1/points/rewards': { who: [R] },
    'POST /api/v1/points/redeem': { who: [R] },
    'GET /api/v1/points/vouchers': { who: [R] },
    'POST /api/v1/points/vouchers/:id/cancel': { who: [R] },
    'GET /api/v1/points/notices': { who: [R] },
    'POST /api/v1/points/merchant/vouchers/lookup': { who: [M] },
    'POST /api/v1/points/merchant/vouchers/confirm': { who: [M] },
    'GET /api/v1/points/merchant/redemptions': { who: [M] },
    'GET /api/v1/points/merchant/rewards': { who: [M] },
    'POST /api/v1/points/merchant/rewards': { who: [M] },
    'PATCH /api/v1/points/merchant/rewards/:id': { who: [M] },
    'GET /api/v1/points/merchant/redemptions/daily': { who: [M, SO, DA] },
    'GET /api/v1/points/merchant/redemptions/monthly': { who: [M, SO, DA] },
    'GET /api/v1/points/merchant/statement.csv': { who: [M, SO, DA] },
    'POST /api/v1/points/grants': { who: [DA, SO] },
    'POST /api/v1/points/transfers/:id/reverse': { who: [DA] },
    'GET /api/v1/points/admin/rewards': { who: [DA, SO] },
    'POST /api/v1/points/admin/rewards': { who: [DA, SO] },
    'PATCH /api/v1/points/admin/rewards/:id': { who: [DA, SO] },
    'GET /api/v1/points/admin/reward-limits': { who: [DA] },
    'PUT /api/v1/points/admin/reward-limits': { who: [DA] },
    'GET /api/v1/points/admin/rules': { who: [DA] },
    'PUT /api/v1/points/admin/rules/:code': { who: [DA] },
    'GET /api/v1/points/rules-document': { who: 'any' },
    'GET /api/v1/points/admin/rules-document': { who: [DA] },
    'POST /api/v1/points/admin/rules-document': { who: [DA] },
  },
  // 法律援助: case text only to the rider and the district's mediators (the use case answers a
  // mediator of another district and another rider 404 CASE_NOT_FOUND; tests/server/legal/).
  legal: {
    'GET /api/v1/legal/options': { who: [R] },
    'POST /api/v1/legal/cases': { who: [R] },
    'GET /api/v1/legal/cases/mine': { who: [R] },
    'GET /api/v1/legal/cases/:id': { who: [R, ME] },
    'POST /api/v1/legal/cases/:id/attachments': { who: [R, ME] },
    'POST /api/v1/legal/cases/:id/rating': { who: [R] },
    'POST /api/v1/legal/cases/:id/reopen': { who: [R] },
    'GET /api/v1/staff/legal/cases': { who: [ME] },
    'GET /api/v1/staff/legal/resources': { who: [ME] },
    'GET /api/v1/staff/legal/figures': { who: [ME, DA] },
    'POST /api/v1/staff/legal/cases/:id/accept': { who: [ME] },
    'POST /api/v1/staff/legal/cases/:id/refer': { who: [ME] },
    'POST /api/v1/staff/legal/cases/:id/assign': { who: [ME] },
    'POST /api/v1/staff/legal/cases/:id/appointments': { who: [ME] },
    'POST /api/v1/staff/legal/cases/:id/notes': { who: [ME] },
    'POST /api/v1/staff/legal/cases/:id/close': { who: [ME] },
    'GET /media/legal/:id/:size': { who: 'public' },
  },
  // 节假日与调休: the working-day calendar (tests/server/calendar/).
  calendar: {
    'GET /api/v1/staff/calendar': { who: [DA, ME] },
    'PUT /api/v1/staff/calendar/days/:date': { who: [DA] },
    'DELETE /api/v1/staff/calendar/days/:date': { who: [DA] },
  },
  reports: {
    'GET /api/v1/report-categories': { who: 'any' },
    'GET /api/v1/reports/nearby': { who: [R] },
    'POST /api/v1/reports': { who: [R] },
    'GET /api/v1/reports/mine': { who: [R] },
    'GET /api/v1/reports/:id': { who: 'any' },
    'POST /api/v1/reports/:id/confirmations': { who: [R] },
    'POST /api/v1/reports/:id/reopen': { who: [R] },
    'POST /api/v1/reports/:id/photos': { who: [R] },
    'GET /api/v1/staff/reports': { who: [SO, DA] },
    'GET /api/v1/crew/reports': { who: [CM] },
    'GET /api/v1/staff/reports/map': { who: [SO, DA] },
    'GET /api/v1/staff/reports/nearest': { who: [SO, DA] },
    'GET /api/v1/staff/reports/:id/merge-candidates': { who: [SO, DA] },
    'POST /api/v1/staff/reports/:id/actions': { who: [SO, DA, CM] },
    'POST /api/v1/staff/reports/:id/fix': { who: [SO, DA, CM] },
    'POST /api/v1/staff/reports/:id/merge': { who: [SO, DA] },
    'POST /api/v1/staff/reports/:id/city-forward': { who: [SO, DA] },
    'GET /api/v1/staff/teams': { who: [SO, DA] },
    'POST /api/v1/staff/teams': { who: [SO, DA] },
    'PATCH /api/v1/staff/teams/:id': { who: [SO, DA], scope: 'team', body: { active: true } },
    'GET /api/v1/dashboards/reports': { who: [SO, DA] },
    'GET /api/v1/dashboards/reports.csv': { who: [SO, DA] },
    'GET /api/v1/dashboards/access': { who: [SO, DA] },
    'GET /api/v1/dashboards/access.csv': { who: [SO, DA] },
    'GET /api/v1/dashboards/points': { who: [SO, DA] },
    'GET /api/v1/dashboards/points.csv': { who: [SO, DA] },
    'GET /api/v1/dashboards/stations': { who: [SO, DA] },
    'GET /api/v1/dashboards/stations.csv': { who: [SO, DA] },
    'GET /api/v1/staff/report-categories': { who: [DA] },
    'POST /api/v1/staff/report-categories': { who: [DA] },
    'PATCH /api/v1/staff/report-categories/:id': { who: [DA] },
    'DELETE /api/v1/staff/report-categories/:id': { who: [DA] },
    'GET /api/v1/staff/streets/:id/routing': { who: [SO, DA], scope: 'street' },
    'PUT /api/v1/staff/streets/:id/routes/:categoryId': { who: [SO, DA] },
    // Signed links (exp + sig in the query): no login, the signature decides.
    'GET /media/photos/:id/:size': { who: 'public' },
  },
  open311: {
    // Partners: an api key in the request, not a login. Every endpoint in both formats.
    ...(Object.fromEntries(
      ['json', 'xml'].flatMap((f) => [
        [`GET /open311/v2/discovery.${f}`, { who: 'public' }],
        [`GET /open311/v2/services.${f}`, { who: 'public' }],
        [`GET /open311/v2/services/:service_code.${f}`, { who: 'public' }],
        [`GET /open311/v2/requests.${f}`, { who: 'public' }],
        [`POST /open311/v2/requests.${f}`, { who: 'public' }],
        [`GET /open311/v2/requests/:service_request_id.${f}`, { who: 'public' }],
        [`GET /open311/v2/tokens/:token.${f}`, { who: 'public' }],
      ]),
    ) as Record<string, Access>),
  },
  privacy: {
    'GET /api/v1/privacy/overview': { who: 'any' },
    'POST /api/v1/privacy/consents': { who: 'any' },
    // The rider's own data only: no route takes a person's id.
    'GET /api/v1/privacy/export': { who: [R] },
    'POST /api/v1/privacy/account/delete': { who: [R] },
  },
  imports: {
    'GET /api/v1/imports/templates/communities.:format': { who: [DA, SO] },
    'POST /api/v1/imports/communities': { who: [DA, SO] },
    'POST /api/v1/imports/stations': { who: [DA, SO] },
    'GET /api/v1/imports': { who: [DA, SO] },
    'GET /api/v1/imports/:id': { who: [DA, SO] },
    'POST /api/v1/imports/:id/commit': { who: [DA, SO] },
  },
  tasks: {
    // 随手帮: riders claim; a task's :id is not a scope kind (scopes are tested in tests/server/tasks).
    'GET /api/v1/tasks': { who: [R] },
    'GET /api/v1/tasks/mine': { who: [R] },
    'GET /api/v1/tasks/:id': { who: [R] },
    'POST /api/v1/tasks/:id/claim': { who: [R] },
    'POST /api/v1/tasks/:id/done': { who: [R] },
    'POST /api/v1/tasks/:id/abandon': { who: [R] },
    'POST /api/v1/tasks/:id/done-photo': { who: [R] },
    'PATCH /api/v1/staff/tasks/:id': { who: [CA, SO] },
    'POST /api/v1/staff/tasks/:id/cancel': { who: [CA, SO] },
    // The community photos (随手帮 and 微心愿): the short-lived signed link is the authorisation.
    'GET /media/community/:id/:size': { who: 'public' },
    'GET /api/v1/staff/tasks': { who: [CA, SO] },
    'POST /api/v1/staff/tasks': { who: [CA, SO] },
    'GET /api/v1/staff/tasks/:id': { who: [CA, SO] },
    'POST /api/v1/staff/task-claims/:id/confirm': { who: [CA, SO] },
  },
  suggestions: {
    // 骑思妙想: scopes of the staff routes are tested in tests/server/suggestions.
    'GET /api/v1/suggestions': { who: [R] },
    'GET /api/v1/suggestions/mine': { who: [R] },
    'GET /api/v1/suggestions/targets': { who: [R] },
    'POST /api/v1/suggestions': { who: [R] },
    'POST /api/v1/suggestions/:id/support': { who: [R] },
    'GET /api/v1/staff/suggestions': { who: [CA, SO, DA] },
    'POST /api/v1/staff/suggestions/:id/reply': { who: [CA, SO, DA] },
    'POST /api/v1/staff/suggestions/:id/decision': { who: [CA, SO, DA] },
  },
  wishes: {
    // 微心愿: a wish's :id is not a scope kind (scopes are tested in tests/server/wishes).
    'GET /api/v1/wishes/wall': { who: 'public' },
    'GET /api/v1/wishes/mine': { who: [R] },
    'GET /api/v1/wishes/targets': { who: [R] },
    'POST /api/v1/wishes': { who: [R] },
    'POST /api/v1/wishes/:id/received': { who: [R] },
    'GET /api/v1/staff/wishes': { who: [CA, SO] },
    'POST /api/v1/staff/wishes/:id/review': { who: [CA, SO] },
    'POST /api/v1/staff/wishes/:id/adopt': { who: [CA, SO] },
    'POST /api/v1/staff/wishes/:id/fulfil': { who: [CA, SO] },
    'POST /api/v1/wishes/with-photo': { who: [R] },
    'POST /api/v1/staff/wishes/:id/fulfil-photo': { who: [CA, SO] },
  },
  audit: {
    'GET /api/v1/audit': { who: [DA, SO, CA, M] },
    'GET /api/v1/audit.csv': { who: [DA, SO, CA, M] },
  },
  activities: {
    'GET /api/v1/activities': { who: [R] },
    'GET /api/v1/activities/mine': { who: [R] },
    'POST /api/v1/activities/check-ins': { who: [R] },
    'GET /api/v1/activities/certificates/verify': { who: 'public' },
    'GET /api/v1/activities/:id/certificate.png': { who: [R] },
    'GET /api/v1/activities/:id': { who: [R] },
    'POST /api/v1/activities/:id/signup': { who: [R] },
    'POST /api/v1/activities/:id/cancel': { who: [R] },
    'GET /api/v1/activities/staff': { who: [CA, SO, DA] },
    'POST /api/v1/activities/staff': { who: [CA, SO, DA] },
    'GET /api/v1/activities/staff/:id': { who: [CA, SO, DA] },
    'PATCH /api/v1/activities/staff/:id': { who: [CA, SO, DA] },
    'GET /api/v1/activities/staff/:id/roster.csv': { who: [CA, SO, DA] },
    'GET /api/v1/activities/staff/sessions/:id/code': { who: [CA, SO, DA] },
    'POST /api/v1/activities/staff/sessions/:id/check-ins': { who: [CA, SO, DA] },
    'POST /api/v1/activities/staff/:id/cancel': { who: [CA, SO, DA] },
    'GET /api/v1/activities/staff/stations': { who: [CA, SO, DA] },
  },
  // 暖新公寓 (housing). Own: 双井怡舍 (YS-SJ, the demo operator's apartment; in the demo district),
  // its room 1层 101, bed A, and an application to it; other: the same in another district.
  housing: {
    'GET /api/v1/housing/beds': { who: [R] },
    'GET /api/v1/housing/apartments/:id': { who: [R, AO, DA], scope: 'apartment', other: [R, AO, DA] },
    'POST /api/v1/housing/applications': { who: [R] },
    'GET /api/v1/housing/applications/mine': { who: [R] },
    'POST /api/v1/housing/manage/apartments': { who: [DA] },
    'GET /api/v1/housing/manage/apartments/:id': { who: [AO, DA], scope: 'apartment' },
    'PATCH /api/v1/housing/manage/apartments/:id': { who: [AO, DA], scope: 'apartment', body: {} },
    // Photos: the scope rows are in tests/server/housing/photos (an upload's scope is checked after
    // the file is read, and a photo of one's own apartment must exist to be deleted or ordered).
    'POST /api/v1/housing/manage/apartments/:id/photos': { who: [AO, DA] },
    'DELETE /api/v1/housing/manage/apartments/:id/photos/:photoId': { who: [AO, DA] },
    'PUT /api/v1/housing/manage/apartments/:id/photos/order': { who: [AO, DA] },
    'GET /media/apartments/:id/:size': { who: 'public' },
    'GET /api/v1/housing/manage/apartments/:id/rooms': { who: [AO, DA], scope: 'apartment' },
    'POST /api/v1/housing/manage/apartments/:id/rooms': {
      who: [AO, DA],
      scope: 'apartment',
      body: { name: '矩阵房', gender: 'any' },
    },
    'PATCH /api/v1/housing/manage/rooms/:id': {
      who: [AO, DA],
      scope: 'apartment_room',
      body: { floor: 1 },
    },
    'DELETE /api/v1/housing/manage/rooms/:id': { who: [AO, DA], scope: 'apartment_room', body: null },
    'POST /api/v1/housing/manage/rooms/:id/beds': {
      who: [AO, DA],
      scope: 'apartment_room',
      body: { code: 'Z', monthlyPrice: 500 },
    },
    'PATCH /api/v1/housing/manage/beds/:id': { who: [AO, DA], scope: 'apartment_bed', body: { monthlyPrice: 700 } },
    'GET /api/v1/housing/manage/figures': { who: [AO, DA] },
    'GET /api/v1/housing/manage/applications': { who: [AO, DA] },
    'GET /api/v1/housing/manage/applications/:id/free-beds': { who: [AO, DA], scope: 'housing_application' },
    'POST /api/v1/housing/manage/applications/:id/offer': {
      who: [AO, DA],
      scope: 'housing_application',
      body: { bedId: seedId('apartment-bed:YS-SJ:1层 101:A') },
    },
    'POST /api/v1/housing/manage/applications/:id/waitlist': { who: [AO, DA], scope: 'housing_application' },
    'POST /api/v1/housing/manage/applications/:id/decline': {
      who: [AO, DA],
      scope: 'housing_application',
      body: { reason: '矩阵' },
    },
    'POST /api/v1/housing/manage/applications/:id/move-in': { who: [AO, DA], scope: 'housing_application' },
    'POST /api/v1/housing/manage/applications/:id/move-out': { who: [AO, DA], scope: 'housing_application' },
  },
};
