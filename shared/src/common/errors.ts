// Stable machine codes with the Chinese message shown to people. Client-safe (no imports).
// A code, once published, never changes meaning; add new ones instead.

export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '请求内容不正确',
  NOT_FOUND: '找不到该资源',
  ROUTE_NOT_FOUND: '接口不存在',
  METHOD_NOT_ALLOWED: '不支持的请求方式',
  PAYLOAD_TOO_LARGE: '提交的内容太大',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型',
  BAD_JSON: '请求内容不是有效的 JSON',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  UNAUTHENTICATED: '请先登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  TOKEN_INVALID: '登录凭证无效，请重新登录',
  FORBIDDEN: '没有权限进行此操作',
  OUT_OF_SCOPE: '只能查看或管理自己负责范围内的数据',
  DEMO_DISABLED: '演示登录未开启',
  DEMO_ACCOUNT_UNKNOWN: '没有这个演示账号',
  REFRESH_TOKEN_INVALID: '登录状态已失效，请重新登录',
  REFRESH_TOKEN_REUSED: '登录凭证已被使用，为安全起见已退出所有设备，请重新登录',
  WECHAT_CODE_INVALID: '微信登录凭证无效或已过期，请重试',
  WECHAT_RATE_LIMITED: '微信登录太频繁，请稍后再试',
  WECHAT_BUSY: '微信服务繁忙，请稍后再试',
  WECHAT_UNAVAILABLE: '暂时无法连接微信服务，请稍后再试',
  WECHAT_ERROR: '微信登录失败，请稍后再试',
  INVITATION_INVALID: '邀请码无效',
  INVITATION_USED: '邀请码已被使用',
  INVITATION_EXPIRED: '邀请码已过期',
  INVITATION_SCOPE_REQUIRED: '请指定邀请对象负责的范围',
  ALREADY_STAFF: '该微信已绑定工作人员账号',
  COORDINATE_OUT_OF_RANGE: '位置坐标超出范围（纬度 -90～90，经度 -180～180）',
  RADIUS_TOO_LARGE: '搜索半径太大（最大 50 公里）',
  PAGE_SIZE_TOO_LARGE: '每页数量太多',
  BOX_TOO_LARGE: '地图范围太大，请放大地图后再试',
  UNKNOWN_FILTER_VALUE: '不支持的筛选条件',
  CURSOR_INVALID: '翻页参数无效，请重新搜索',
  OUTSIDE_SERVICE_AREA: '该位置不在已登记的区或街道内',
  HOURS_INVALID: '营业时间不正确',
  EXTERNAL_ID_TAKEN: '外部编号已被其他驿站使用',
  IMPORT_FILE_INVALID: '导入文件无法读取',
  POINTS_INSUFFICIENT: '积分不足，暂时无法兑换',
  POINTS_CAP_REACHED: '已达到本日或本月的积分上限',
  AMOUNT_INVALID: '积分数量必须是正整数',
  EARNING_RULE_UNKNOWN: '没有这条积分规则',
  REWARD_UNAVAILABLE: '该奖励当前不可兑换',
  REWARD_OUT_OF_STOCK: '本期名额已兑完，请下期再来',
  REWARD_MONTHLY_LIMIT: '本月兑换次数已达上限',
  IDEMPOTENCY_KEY_REUSED: '该请求编号已用于其他兑换',
  VOUCHER_INVALID: '兑换券无效，请核对后重试',
  VOUCHER_USED: '兑换券已使用过',
  VOUCHER_EXPIRED: '兑换券已过期',
  VOUCHER_CANCELLED: '兑换券已取消',
  VOUCHER_OTHER_MERCHANT: '这张兑换券不属于本店',
  TRANSFER_NOT_REVERSIBLE: '这条积分记录不能冲正',
  ALREADY_REVERSED: '这条积分记录已冲正',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL: '服务器开小差了，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Every error body of the API. `field` names the offending input for validation errors. */
export interface ApiErrorBody {
  code: ErrorCode | (string & {});
  message: string;
  field?: string;
  requestId?: string;
}
