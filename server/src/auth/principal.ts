import type { Role } from '@nuanxin/shared/auth/constants';

/** What a staff_scopes row points at. */
export type ScopeKind = 'district' | 'street' | 'community' | 'merchant' | 'gate' | 'team' | 'apartment';

/** Who is calling, with what they are responsible for. Loaded fresh per request from the database. */
export interface Principal {
  userId: string;
  role: Role;
  districtIds: string[];
  streetIds: string[];
  communityIds: string[];
  merchantIds: string[];
  /** Gate guards: the gates they check riders at (all of one community). */
  gateIds: string[];
  /** Crew members: the response teams they belong to. */
  teamIds: string[];
  /** Apartment operators: the 暖新公寓 they run. */
  apartmentIds: string[];
}

/**
 * Where a resource sits. Callers fill what they know from the row they loaded; a check passes
 * only when the principal's own scope contains the matching level.
 */
export interface ScopeTarget {
  districtId?: string | null;
  streetId?: string | null;
  communityId?: string | null;
  merchantId?: string | null;
  gateId?: string | null;
  teamId?: string | null;
  apartmentId?: string | null;
  /** The rider who owns a personal resource (a pass, a report, a voucher). */
  ownerUserId?: string | null;
}

const has = (ids: string[], id: string | null | undefined) => id != null && ids.includes(id);

/**
 * The single scope rule of the product. Deny by default: a district admin covers its district,
 * a street operator its street, a community admin its communities, a merchant its shop, and a
 * rider only what it owns.
 */
export function inScope(principal: Principal, target: ScopeTarget): boolean {
  if (target.ownerUserId != null && target.ownerUserId === principal.userId) return true;
  switch (principal.role) {
    case 'district_admin':
      return has(principal.districtIds, target.districtId);
    case 'street_operator':
      return has(principal.streetIds, target.streetId);
    case 'community_admin':
      return has(principal.communityIds, target.communityId);
    case 'merchant':
      return has(principal.merchantIds, target.merchantId);
    case 'gate_guard':
      return has(principal.gateIds, target.gateId);
    case 'crew_member':
      return has(principal.teamIds, target.teamId);
    // The district's mediation centre; the legal job also refuses every other role its cases.
    case 'mediator':
      return has(principal.districtIds, target.districtId);
    case 'apartment_operator':
      return has(principal.apartmentIds, target.apartmentId);
    case 'rider':
      return false;
  }
}
