import type { Principal } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import type { Db } from '../db/client.js';
import type { ReportForUpdate } from './workflow.js';

/**
 * One audit row for a staff action on a report (accept, reject, close, merge), in the action's
 * transaction. `from` is the state before the transition; the report row already holds the new one.
 */
export function auditReport(
  tx: Db,
  input: {
    actor: Principal;
    report: ReportForUpdate;
    action: string;
    from: string;
    now: Date;
    after?: Record<string, unknown>;
  },
): Promise<void> {
  const { report } = input;
  return recordAudit(tx, {
    actor: input.actor,
    at: input.now,
    action: input.action,
    target: { kind: 'report', id: report.id },
    place: { streetId: report.streetId, districtId: report.districtId },
    before: { state: input.from },
    after: { state: report.state, ...input.after },
  });
}
