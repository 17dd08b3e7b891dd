// Client-safe constants of the audit log: no imports, `as const` only (the mini-program bundles
// this file for its labels).

/**
 * What each audit action reads as, for the audit page and the CSV. An action missing here still
 * shows, as its code: writers may add actions before this list learns them.
 */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'pass.approve': '批准通行申请',
  'pass.reject': '驳回通行申请',
  'pass.revoke': '撤销通行证',
  'rider.suspend': '暂停骑手通行',
  'rider.lift': '恢复骑手通行',
  'gate.create': '登记门岗',
  'gate.update': '修改门岗',
  'gate.code_regenerate': '重新生成门岗码',
  'guide.update': '编辑楼栋指引',
  'category.create': '新增上报类别',
  'category.update': '修改上报类别',
  'category.deactivate': '停用上报类别',
  'category.delete': '删除上报类别',
  'route.set': '修改类别派单路由',
  'team.create': '新建处置队伍',
  'team.update': '修改处置队伍',
  'report.accept': '受理随手拍',
  'report.reject': '不予受理随手拍',
  'report.close': '办结随手拍',
  'report.merge': '合并重复上报',
  'report.dispatch': '派单',
  'report.on_site': '到场',
  'report.fix': '标记已修复',
  'reward.create': '新增兑换商品',
  'reward.update': '修改兑换商品',
  'rule.update': '修改积分规则',
  'points.grant': '发放积分',
  'points.reverse': '冲正积分',
  'invitation.create': '发出员工邀请',
  'invitation.revoke': '撤销员工邀请',
  'agreement.create': '新建共建协议',
  'agreement.update': '修改共建协议',
  'agreement.end': '终止共建协议',
  'street.create': '新建街道',
  'street.update': '修改街道',
  'community.create': '新建小区',
  'community.update': '修改小区',
  'shop.create': '新建商户',
  'shop.update': '修改商户',
  'import.communities': '批量导入小区',
  'station.update': '修改驿站',
  'station.import': '导入驿站',
};

/** The kinds of record an audit row points at, for the filter and the list. */
export const AUDIT_TARGET_KIND_LABELS: Record<string, string> = {
  pass: '通行证',
  rider: '骑手',
  gate: '门岗',
  guide: '楼栋指引',
  category: '上报类别',
  category_route: '派单路由',
  team: '处置队伍',
  report: '随手拍',
  reward: '兑换商品',
  earning_rule: '积分规则',
  point_transfer: '积分流水',
  invitation: '员工邀请',
  agreement: '共建协议',
  street: '街道',
  community: '小区',
  shop: '商户',
  station: '驿站',
  import: '导入',
};

/** Field names of before/after, in Chinese, for the diff. Unknown fields show as they are. */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  status: '状态',
  reason: '原因',
  name: '名称',
  title: '名称',
  active: '启用',
  suspended: '暂停',
  codeVersion: '码版本',
  kind: '类型',
  lat: '纬度',
  lng: '经度',
  state: '状态',
  teamId: '队伍',
  teamName: '队伍',
  note: '备注',
  amount: '积分',
  points: '每次积分',
  dailyCap: '每日上限',
  monthlyCap: '每月上限',
  pricePoints: '所需积分',
  stockPerPeriod: '每期库存',
  voucherValidDays: '兑换券有效天数',
  perRiderMonthlyLimit: '每人每月限兑',
  description: '说明',
  hours: '服务时间',
  acceptWithinMinutes: '受理时限(分钟)',
  fixWithinHours: '修复时限(小时)',
  sortOrder: '排序',
  icon: '图标',
  code: '代码',
  rule: '规则',
  rider: '骑手',
  riderId: '骑手',
  duplicateOf: '合并到',
  buildings: '楼栋',
  parking: '停车区',
  transferPoint: '转运点',
  notes: '说明',
  requireLocation: '需要定位',
  maxDistanceM: '最大距离(米)',
};

/** Values of before/after that are codes (statuses, states), in Chinese. Others show as they are. */
export const AUDIT_VALUE_LABELS: Record<string, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '已驳回',
  revoked: '已撤销',
  expired: '已过期',
  submitted: '待受理',
  accepted: '已受理',
  dispatched: '已派单',
  on_site: '已到场',
  fixed: '已修复',
  closed: '已办结',
  smart: '智能道闸',
  guarded: '人工门岗',
  not_hazard: '不属于隐患',
  duplicate: '重复上报',
  not_our_area: '不属于本辖区',
};

/** The roles that read an audit page, each for its own scope. */
export const AUDIT_READER_ROLES = ['district_admin', 'street_operator', 'community_admin', 'merchant'] as const;

export const AUDIT_PAGE_LIMIT = { default: 50, max: 200 } as const;
/** Rows in one CSV export at most. */
export const AUDIT_CSV_MAX_ROWS = 10_000;
