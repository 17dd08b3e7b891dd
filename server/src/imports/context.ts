import type { Db } from '../db/client.js';
import type { Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import { IMPORT_MAX_ROWS } from '@nuanxin/shared/imports/constants';
import { ImportRunner } from './runner.js';

/** What every imports use case receives; built once by the plugin (and by the bench and tests). */
export interface ImportsContext extends ServiceContext {
  config: {
    /** Largest upload, bytes (UPLOAD_MAX_BYTES). */
    uploadMaxBytes: number;
    /** Most data rows in one file. */
    maxRows: number;
  };
  /** The workers, the runs going on in this process and their live progress. */
  runner: ImportRunner;
}

export function createImportsContext(
  db: Db,
  config: Config,
  now: Clock = systemClock,
  log: (msg: string, err?: unknown) => void = () => undefined,
): ImportsContext {
  return {
    db,
    now,
    config: { uploadMaxBytes: config.uploadMaxBytes, maxRows: IMPORT_MAX_ROWS },
    runner: new ImportRunner(log),
  };
}
