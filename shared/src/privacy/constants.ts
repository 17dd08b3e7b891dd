// Client-safe constants of the privacy job (PIPL rights in the app): no imports, `as const` only
// (the mini-program bundles this file).

/**
 * The version of 《暖新隐私保护指引》 the app shows. Bump it when the guide changes: every
 * person is asked again (their acceptance of an older version no longer counts). The server's
 * PRIVACY_GUIDE_VERSION may override it (a guide published without an app release).
 */
export const PRIVACY_GUIDE_VERSION = '2026-12-01';

/** What a person agrees to with the guide. */
export const CONSENT_SCOPES = ['location', 'camera', 'subscribe_messages'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const CONSENT_SCOPE_LABELS = {
  location: '位置（查找附近驿站、上报问题位置、扫码通行时核对位置）',
  camera: '相机和相册（随手拍拍照、扫码）',
  subscribe_messages: '订阅消息（审核结果、上报进展、积分到期提醒）',
} as const satisfies Record<ConsentScope, string>;

export const CONSENT_CHANNELS = ['weapp', 'h5'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** The word typed on the confirmation page before an account is deleted. */
export const DELETE_CONFIRM_WORD = '注销';

/** What happens to each kind of data when a rider deletes the account (shown before, done by the server). */
export const DELETION_EFFECTS = [
  { kind: 'profile', title: '实名信息', effect: '姓名、手机号、身份证号（摘要）、平台、站点和车辆信息立即删除。' },
  { kind: 'passes', title: '通行证与暖新码', effect: '全部通行证立即作废，你的暖新码在门岗扫码时会被拒绝。' },
  { kind: 'access', title: '进出记录', effect: '社区进出记录中与你的关联立即解除，记录按保留期限到期删除。' },
  {
    kind: 'reports',
    title: '随手拍上报',
    effect: '上报的问题、照片和处理进展匿名保留给城市管理使用，不再显示你的昵称、手机号，也不能再关联到你。',
  },
  {
    kind: 'points',
    title: '积分',
    effect: '剩余积分全部作废（积分账本记一笔“注销账号，积分作废”），余额为 0，不可恢复。',
  },
  { kind: 'vouchers', title: '兑换券', effect: '未使用的兑换券立即取消，不能再核销。' },
  { kind: 'notifications', title: '消息', effect: '站内消息和待发送的订阅消息删除。' },
  {
    kind: 'account',
    title: '登录与授权记录',
    effect: '所有登录状态立即失效，隐私指引同意记录删除；再次登录将是一个全新的账号。',
  },
] as const;
