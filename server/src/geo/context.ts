import type { Db } from '../db/client.js';
import type { Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import { OffLoop } from '../platform/off-loop.js';

/** What every geo use case receives. */
export interface GeoContext extends ServiceContext {
  config: {
    /** A district's boundary file can exceed the JSON body limit: the upload limit applies. */
    uploadMaxBytes: number;
    /** How long the first district admin's invitation (bootstrap) stays valid. */
    invitationTtlHours: number;
    /** Work time a boundary upload's geometry checks may take before 422 GEOMETRY_TOO_COMPLEX. */
    geometryTimeoutMs: number;
  };
  /** Worker threads for the boundary geometry checks (the plugin closes them with the app). */
  offLoop: OffLoop;
}

export function createGeoContext(db: Db, config: Config, now: Clock = systemClock): GeoContext {
  return {
    db,
    now,
    config: {
      uploadMaxBytes: config.uploadMaxBytes,
      invitationTtlHours: config.invitationTtlHours,
      geometryTimeoutMs: config.geometryTimeoutMs,
    },
    offLoop: new OffLoop({ maxWorkers: 2 }),
  };
}
