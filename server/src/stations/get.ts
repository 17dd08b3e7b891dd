import type { Station } from '@nuanxin/shared/stations/schemas';
import type { StationsContext } from './context.js';
import { notFound } from '../platform/app-error.js';
import { findStation, toStation } from './queries.js';
import { instantOf } from './search.js';

/** Detail of one station, for anyone signed in; open-now as of `at` (default: now). */
export async function getStation(ctx: StationsContext, input: { id: string; at?: string }): Promise<Station> {
  const row = await findStation(ctx.db, input.id, instantOf(input.at, ctx.now));
  if (!row) throw notFound();
  return toStation(row);
}
