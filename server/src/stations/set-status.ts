import { eq, sql } from 'drizzle-orm';
import type { Station, StatusBody } from '@nuanxin/shared/stations/schemas';
import type { Db } from '../db/client.js';
import { stations } from '../db/schema/index.js';
import type { Principal } from '../auth/principal.js';
import { findStation, toStation } from './queries.js';
import { loadInScope } from './update.js';

/** Temporarily close (with a note saying why and until when) or reopen. */
export async function setStationStatus(db: Db, principal: Principal, id: string, body: StatusBody): Promise<Station> {
  return db.transaction(async (tx) => {
    await loadInScope(tx, principal, id);
    await tx
      .update(stations)
      .set({ status: body.status, statusNote: body.note?.trim() || null, updatedAt: sql`now()` })
      .where(eq(stations.id, id));
    return toStation((await findStation(tx, id))!);
  });
}

