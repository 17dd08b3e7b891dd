import type { Station } from '@nuanxin/shared/stations/schemas';
import type { Db } from '../db/client.js';
import { notFound } from '../platform/app-error.js';
import { findStation, toStation } from './queries.js';

/** Detail of one station, for anyone signed in. */
export async function getStation(db: Db, id: string, at?: Date): Promise<Station> {
  const row = await findStation(db, id, at);
  if (!row) throw notFound();
  return toStation(row);
}
