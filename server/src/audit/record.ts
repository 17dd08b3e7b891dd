import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Principal } from '../auth/index.js';

/** Where the changed record sits; the levels not given are found from the ones that are. */
export interface AuditPlace {
  districtId?: string | null;
  streetId?: string | null;
  communityId?: string | null;
  merchantId?: string | null;
}

export interface AuditEntry {
  /** Who acted; null for the command line (bootstrap, imports run by an operator). */
  actor: Principal | null;
  at: Date;
  /** `<thing>.<verb>`: pass.approve, agreement.end, invitation.revoke, … */
  action: string;
  target: { kind: string; id: string };
  place: AuditPlace;
  /** The record before the write (null for a creation) and after it (null for a deletion). */
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one audit row. Call it with the transaction that makes the change, so the row exists
 * exactly when the change does. A community or shop is enough to place the row: its street and
 * district are filled in from the tables.
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  const { actor, place } = entry;
  const community = place.communityId ?? null;
  const merchant = place.merchantId ?? null;
  const street = sql`coalesce(${place.streetId ?? null}::uuid,
    (select street_id from communities where id = ${community}::uuid),
    (select street_id from merchants where id = ${merchant}::uuid))`;
  await db.execute(sql`
    insert into audit_log (at, actor_id, actor_role, actor_name, action, target_kind, target_id,
                           district_id, street_id, community_id, merchant_id, before, after)
    values (${entry.at}, ${actor?.userId ?? null}::uuid, ${actor?.role ?? 'system'},
            coalesce((select display_name from users where id = ${actor?.userId ?? null}::uuid), ''),
            ${entry.action}, ${entry.target.kind}, ${entry.target.id},
            coalesce(${place.districtId ?? null}::uuid, (select district_id from streets where id = ${street})),
            ${street}, ${community}::uuid, ${merchant}::uuid,
            ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb)`);
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
