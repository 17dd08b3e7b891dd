// Client-safe constants: no imports, `as const` only, so the mini-program can bundle this file
// without pulling TypeBox (whose compiler uses `new Function`, forbidden by WeChat).

export const ROLES = [
  'rider',
  'community_admin',
  'street_operator',
  'merchant',
  'district_admin',
  'gate_guard',
  'crew_member',
  'mediator',
  'apartment_operator',
] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = [
  'community_admin',
  'street_operator',
  'merchant',
  'district_admin',
  'gate_guard',
  'crew_member',
  'mediator',
  'apartment_operator',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS = {
  rider: '骑手',
  community_admin: '社区/物业管理员',
  street_operator: '街道运营',
  merchant: '友好商户',
  district_admin: '区管理员',
  gate_guard: '门岗',
  crew_member: '处置队员',
  mediator: '调解中心工作人员',
  apartment_operator: '公寓运营方',
} as const satisfies Record<Role, string>;

export function isStaffRole(role: Role): role is StaffRole {
  return role !== 'rider';
}

/** 待使用 / 已使用 / 已过期 / 已撤销: an invitation's state, derived from its timestamps. */
export const INVITATION_STATUSES = ['pending', 'redeemed', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export const INVITATION_STATUS_LABELS = {
  pending: '待使用',
  redeemed: '已使用',
  expired: '已过期',
  revoked: '已撤销',
} as const satisfies Record<InvitationStatus, string>;

/** The expiry an issuer may choose: one hour to 30 days. */
export const INVITATION_EXPIRY_HOURS = { min: 1, max: 24 * 30 } as const;

/** Who may invite whom (the server enforces it; the app shows only these roles). */
export const INVITABLE_ROLES = {
  district_admin: STAFF_ROLES,
  street_operator: ['crew_member'],
  community_admin: ['community_admin', 'gate_guard'],
} as const satisfies Partial<Record<Role, readonly StaffRole[]>>;
