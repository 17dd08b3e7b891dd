import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where processed photos live. The local-folder implementation suits one machine; with several
 * API replicas, implement this against an S3-compatible bucket (COS/OSS: put to a `tmp/` prefix,
 * copy on commit, lifecycle rule expiring `tmp/`) and serve through a CDN (README, "Scaling").
 *
 * Writes are two-phase so a report never points at a missing file and no file outlives a failed
 * transaction: `stage` before the database transaction, `commit` after it, `discard` on rollback.
 */
export interface PhotoStorage {
  stage(files: { key: string; data: Buffer }[]): Promise<StagedFiles>;
  open(key: string): Promise<Readable | null>;
}

export interface StagedFiles {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

const SAFE_KEY = /^[a-z0-9/-]+\.jpg$/;

export class LocalPhotoStorage implements PhotoStorage {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`unsafe storage key ${key}`);
    return path.join(this.root, key);
  }

  async stage(files: { key: string; data: Buffer }[]): Promise<StagedFiles> {
    const tmpDir = path.join(this.root, '.tmp');
    await fs.mkdir(tmpDir, { recursive: true });
    const staged: { tmp: string; final: string }[] = [];
    const discard = async () => {
      await Promise.all(staged.map((s) => fs.rm(s.tmp, { force: true })));
    };
    try {
      for (const f of files) {
        const tmp = path.join(tmpDir, `${randomUUID()}.part`);
        staged.push({ tmp, final: this.file(f.key) });
        await fs.writeFile(tmp, f.data);
      }
    } catch (err) {
      await discard();
      throw err;
    }
    return {
      // rename() within one file system is atomic: a reader sees the whole file or none.
      commit: async () => {
        for (const s of staged) {
          await fs.mkdir(path.dirname(s.final), { recursive: true });
          await fs.rename(s.tmp, s.final);
        }
      },
      discard,
    };
  }

  async open(key: string): Promise<Readable | null> {
    const file = this.file(key);
    try {
      await fs.access(file);
    } catch {
      return null;
    }
    return createReadStream(file);
  }

  /** Leftovers of a crash between staging and commit; run at start. */
  async sweepStaged(olderThanMs = 3600_000): Promise<number> {
    const tmpDir = path.join(this.root, '.tmp');
    let removed = 0;
    for (const name of await fs.readdir(tmpDir).catch(() => [] as string[])) {
      const file = path.join(tmpDir, name);
      const stat = await fs.stat(file).catch(() => null);
      if (stat && Date.now() - stat.mtimeMs > olderThanMs) {
        await fs.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
