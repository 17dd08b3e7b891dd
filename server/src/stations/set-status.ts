import { eq, sql } from 'drizzle-orm';
import type { Station, StatusBody } from '@nuanxin/shared/stations/schemas';
import { stations } from '../db/schema/index.js';
import type { Acting } from '../auth/index.js';
import type { StationsContext } from './context.js';
import { findStation, toStation } from './queries.js';
import { loadInScope } from './update.js';

/** Temporarily close (with a note saying why and until when) or reopen. */
export async function setStationStatus(
  ctx: Acting<StationsContext>,
  input: { id: string } & StatusBody,
): Promise<Station> {
  const { id } = input;
  return ctx.db.transaction(async (tx) => {
    await loadInScope(tx, ctx.actor, id, ctx.now());
    await tx
      .update(stations)
      .set({ status: input.status, statusNote: input.note?.trim() || null, updatedAt: sql`now()` })
      .where(eq(stations.id, id));
    return toStation((await findStation(tx, id, ctx.now()))!);
  });
}
