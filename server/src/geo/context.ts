import type { Db } from '../db/client.js';
import type { Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';

/** What every geo use case receives. */
export interface GeoContext extends ServiceContext {
  config: {
    /** A district's boundary file can exceed the JSON body limit: the upload limit applies. */
    uploadMaxBytes: number;
    /** How long the first district admin's invitation (bootstrap) stays valid. */
    invitationTtlHours: number;
  };
}

export function createGeoContext(db: Db, config: Config, now: Clock = systemClock): GeoContext {
  return { db, now, config: { uploadMaxBytes: config.uploadMaxBytes, invitationTtlHours: config.invitationTtlHours } };
}
