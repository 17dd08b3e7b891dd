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
  CATEGORY_UNKNOWN: '没有这个上报类别',
  IDEMPOTENCY_KEY_REQUIRED: '缺少请求编号（Idempotency-Key），请重试',
  PHOTO_REQUIRED: '请至少拍一张照片',
  TOO_MANY_PHOTOS: '最多上传 3 张照片',
  PHOTO_NOT_IMAGE: '照片格式不支持，请上传 JPEG、PNG、WebP 或 HEIC 图片',
  PHOTO_TOO_LARGE: '照片文件太大',
  PHOTO_TOO_MANY_PIXELS: '照片像素太多',
  LOCATION_REQUIRED: '缺少位置，请允许定位后重试',
  DESCRIPTION_TOO_LONG: '描述最多 500 字',
  MULTIPART_REQUIRED: '请以表单（multipart/form-data）上传',
  INVALID_TRANSITION: '当前状态下不能进行此操作',
  REJECT_REASON_REQUIRED: '请选择不予受理的原因',
  FIX_PHOTO_REQUIRED: '请上传修复后的照片',
  TEAM_UNKNOWN: '没有这个处置队伍，或不属于该街道',
  REOPEN_WINDOW_PASSED: '修复已超过 7 天，不能重新打开，请重新上报',
  NOT_REPORTER: '只有上报人可以进行此操作',
  ALREADY_CONFIRMED: '你已经确认过这条上报',
  OWN_REPORT: '不能确认自己的上报',
  REPORT_NOT_OPEN: '该上报已处理完毕',
  MERGE_TARGET_INVALID: '不能合并到这条上报（需同一辖区、未办结且不是它自己）',
  OPEN311_KEY_INVALID: 'api_key 无效',
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
