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
] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = [
  'community_admin',
  'street_operator',
  'merchant',
  'district_admin',
  'gate_guard',
  'crew_member',
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
} as const satisfies Record<Role, string>;

export function isStaffRole(role: Role): role is StaffRole {
  return role !== 'rider';
}
