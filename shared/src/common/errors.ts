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
  REFRESH_TOKEN_SUPERSEDED: '登录状态已在别处更新，请重试',
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
  PROFILE_REQUIRED: '请先登记骑手信息',
  PHONE_INVALID: '手机号格式不正确（11 位中国大陆手机号）',
  ID_NUMBER_INVALID: '身份证号不正确，请核对后重新输入',
  ID_NUMBER_TAKEN: '该身份证号已被其他微信账号登记',
  PLATE_INVALID: '车牌号格式不正确',
  COMMUNITY_NOT_OPEN: '该小区暂未向你的平台或站点开放（没有有效的共建协议）',
  PASS_NOT_PENDING: '该申请已处理，不能重复审核',
  PASS_NOT_APPROVED: '只能撤销已通过的通行证',
  PASS_ALREADY_ACTIVE: '你已持有或正在申请该小区的通行证',
  REASON_REQUIRED: '请填写原因',
  GATE_CODE_INVALID: '这不是有效的暖新码，可能被伪造或篡改',
  GATE_CODE_KEY_REVOKED: '该暖新码的签名密钥已停用，请联系物业更换门岗码',
  GATE_CODE_SUPERSEDED: '该暖新码已作废（门岗码已重新生成），请扫描门岗上的新码',
  GATE_UNKNOWN: '找不到该门岗，可能已被删除',
  SCAN_TIME_INVALID: '扫码时间异常，请重新扫码（请检查手机时间）',
  RIDER_CODE_INVALID: '骑手码无效，可能被伪造或篡改',
  RIDER_CODE_EXPIRED: '骑手码已过期（截图无效），请让骑手刷新后重新出示',
  RIDER_CODE_REPLAYED: '该骑手码已被使用过，请让骑手刷新后重新出示',
  NOT_A_GUARD_GATE: '该门岗不属于你负责的小区',
  DEVICE_KEY_INVALID: '门禁设备密钥无效',
  GUIDE_INVALID: '楼栋指引内容不正确',
  LOCATION_INVALID: '位置坐标不正确',
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
