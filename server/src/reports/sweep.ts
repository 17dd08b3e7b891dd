import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { reportPhotos } from '../db/schema/index.js';
import type { LocalPhotoStorage } from '../media/index.js';

export interface SweepResult {
  /** Staged files whose row was committed before a crash: moved to their key (the commit finished). */
  committed: number;
  /** Staged files of a dead writer (or older than an hour) without a row: removed. */
  discarded: number;
  /** Committed files no photo row refers to: removed. */
  orphans: number;
}

/** `reports/2026-12/<id>-display.jpg` → `reports/2026-12/<id>` (report_photos.storage_key). */
const baseOf = (key: string) => key.replace(/-(display|thumb)\.jpg$/, '');

async function withRows(db: Db, bases: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Set(bases)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .select({ key: reportPhotos.storageKey })
      .from(reportPhotos)
      .where(inArray(reportPhotos.storageKey, unique.slice(i, i + 500)));
    for (const r of rows) found.add(r.key);
  }
  return found;
}

/**
 * Makes the photo folder agree with `report_photos` after a crash (run at start, before serving):
 * a report's transaction commits before its files are moved out of staging, so a SIGKILL in
 * between leaves committed rows whose files are still staged — those are moved now; files staged
 * by a dead process whose transaction never committed are removed; and a committed file without a
 * row is removed. Files of a live writer (another process on the same folder) younger than
 * `staleStagedMs` are left to it.
 */
export async function sweepPhotoFiles(
  db: Db,
  storage: LocalPhotoStorage,
  opts: { staleStagedMs?: number } = {},
): Promise<SweepResult> {
  const staleStagedMs = opts.staleStagedMs ?? 3600_000;
  const result: SweepResult = { committed: 0, discarded: 0, orphans: 0 };
  const staged = (await storage.listStaged()).filter((s) => !s.writerAlive || s.ageMs > staleStagedMs);
  const stagedRows = await withRows(
    db,
    staged.flatMap((s) => (s.key ? [baseOf(s.key)] : [])),
  );
  for (const s of staged) {
    if (s.key && stagedRows.has(baseOf(s.key))) {
      await storage.commitStaged(s.name, s.key);
      result.committed++;
    } else {
      await storage.removeStaged(s.name);
      result.discarded++;
    }
  }
  const files = await storage.listKeys();
  const fileRows = await withRows(
    db,
    files.map((f) => baseOf(f.key)),
  );
  for (const f of files) {
    if (!fileRows.has(baseOf(f.key))) {
      await storage.remove(f.key);
      result.orphans++;
    }
  }
  return result;
}
