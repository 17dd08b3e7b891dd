import { eq } from 'drizzle-orm';
import { OPEN_REPORT_STATES, type CityForwardReason, type CityForwardState } from '@nuanxin/shared/reports/constants';
import type { CityForward } from '@nuanxin/shared/reports/schemas';
import type { Principal } from '../../auth/index.js';
import type { Db } from '../../db/client.js';
import { cityForwards } from '../../db/schema/index.js';

const STAFF = new Set(['street_operator', 'district_admin']);

/**
 * The report's 转交12345 as the viewer sees it: the state, reason, the city's id, status and notes
 * for everyone who sees the report; attempts and the last error for staff only (a rider needs to
 * know it went to the city, not why a call failed). `canForward`: staff may 转交 it now.
 */
export async function cityForwardView(
  db: Db,
  report: { id: string; state: string },
  viewer: Principal,
  enabled: boolean,
): Promise<{ cityForward: CityForward | null; canForwardToCity?: boolean }> {
  const [row] = await db.select().from(cityForwards).where(eq(cityForwards.reportId, report.id));
  const staff = STAFF.has(viewer.role);
  const cityForward: CityForward | null = row
    ? {
        state: row.state as CityForwardState,
        reason: row.reason as CityForwardReason,
        serviceRequestId: row.serviceRequestId,
        cityStatus: row.cityStatus,
        cityStatusNotes: row.cityStatusNotes,
        forwardedAt: row.forwardedAt?.toISOString() ?? null,
        ...(staff ? { attempts: row.attempts, lastError: row.lastError } : {}),
      }
    : null;
  if (!staff) return { cityForward };
  const open = (OPEN_REPORT_STATES as readonly string[]).includes(report.state);
  return { cityForward, canForwardToCity: enabled && !row && open };
}
