// The only module that reads build-time environment (see STYLE: config read from one module).
// Taro replaces these `process.env.*` expressions with literals at build time.

export const PLATFORM = process.env.TARO_ENV;
export const IS_WEAPP = process.env.TARO_ENV === 'weapp';
export const IS_H5 = process.env.TARO_ENV === 'h5';

/** '' on H5 = same origin as the page; the weapp build gets an absolute HTTPS base. */
export const API_BASE: string = process.env.TARO_APP_API_BASE ?? '';

/**
 * WeChat subscribe-message template ids (订阅消息), by notification kind; the server is configured
 * with the same ids. Empty: the app does not ask for the subscription.
 */
export const SUBSCRIBE_TEMPLATES: Record<'report_accepted' | 'report_rejected' | 'report_fixed', string> = {
  report_accepted: process.env.TARO_APP_TPL_REPORT_ACCEPTED ?? '',
  report_rejected: process.env.TARO_APP_TPL_REPORT_REJECTED ?? '',
  report_fixed: process.env.TARO_APP_TPL_REPORT_FIXED ?? '',
};

/** Staff subscribe messages: a dispatch to the crew, an overdue report to the street (server: the same ids). */
export const STAFF_SUBSCRIBE_TEMPLATES: Record<'report_dispatched' | 'report_overdue', string> = {
  report_dispatched: process.env.TARO_APP_TPL_REPORT_DISPATCHED ?? '',
  report_overdue: process.env.TARO_APP_TPL_REPORT_OVERDUE ?? '',
};

/** The same for a rider's passes (the server's WECHAT_TEMPLATE_PASS_*), asked for when applying. */
export const PASS_SUBSCRIBE_TEMPLATES: Record<
  'pass_approved' | 'pass_rejected' | 'pass_revoked' | 'pass_expiring',
  string
> = {
  pass_approved: process.env.TARO_APP_TPL_PASS_APPROVED ?? '',
  pass_rejected: process.env.TARO_APP_TPL_PASS_REJECTED ?? '',
  pass_revoked: process.env.TARO_APP_TPL_PASS_REVOKED ?? '',
  pass_expiring: process.env.TARO_APP_TPL_PASS_EXPIRING ?? '',
};

/** The activity reminder (the server's WECHAT_TEMPLATE_ACTIVITY_REMINDER), asked for when signing up. */
export const ACTIVITY_SUBSCRIBE_TEMPLATES: Record<'activity_reminder', string> = {
  activity_reminder: process.env.TARO_APP_TPL_ACTIVITY_REMINDER ?? '',
};

/** 暖新公寓 (server: WECHAT_TEMPLATE_HOUSING_*), asked for when a rider applies for a bed. */
export const HOUSING_SUBSCRIBE_TEMPLATES: Record<'housing_result' | 'housing_moved_in', string> = {
  housing_result: process.env.TARO_APP_TPL_HOUSING_RESULT ?? '',
  housing_moved_in: process.env.TARO_APP_TPL_HOUSING_MOVED_IN ?? '',
};

/** 法律援助 (server: WECHAT_TEMPLATE_LEGAL_*), asked for when a rider opens a case. */
export const LEGAL_SUBSCRIBE_TEMPLATES: Record<'legal_intake' | 'legal_appointment' | 'legal_closed', string> = {
  legal_intake: process.env.TARO_APP_TPL_LEGAL_INTAKE ?? '',
  legal_appointment: process.env.TARO_APP_TPL_LEGAL_APPOINTMENT ?? '',
  legal_closed: process.env.TARO_APP_TPL_LEGAL_CLOSED ?? '',
};

/**
 * H5 map tiles (components/GeoMap): a `{z}/{x}/{y}` URL template of a GCJ-02 tile source and its
 * attribution. Empty (the default): the map draws only our own data (outlines, communities,
 * stations, reports) and loads nothing from outside.
 */
export const MAP_TILE_URL: string = process.env.TARO_APP_TILE_URL ?? '';
export const MAP_TILE_ATTRIBUTION: string = process.env.TARO_APP_TILE_ATTRIBUTION ?? '';
