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
  /** `data` may be the pieces of one file (a kept JPEG minus its metadata segments), written in order. */
  stage(files: StagedFile[]): Promise<StagedFiles>;
  open(key: string): Promise<Readable | null>;
  read(key: string): Promise<Buffer | null>;
  /** Deletes a stored file; a file already gone is not an error (the retention pass repeats). */
  remove(key: string): Promise<void>;
}

export interface StagedFile {
  key: string;
  data: Buffer | readonly Buffer[];
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

  /** Folders made by this process: a mkdir per photo is a system call for nothing. */
  private readonly made = new Set<string>();

  /** Runs `write` (which creates a file in `dir`), making `dir` first, or again if it has since gone. */
  private async inFolder(dir: string, write: () => Promise<void>): Promise<void> {
    if (this.made.has(dir)) {
      try {
        return await write();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        this.made.delete(dir);
      }
    }
    await fs.mkdir(dir, { recursive: true });
    this.made.add(dir);
    await write();
  }

  async stage(files: StagedFile[]): Promise<StagedFiles> {
    const tmpDir = path.join(this.root, '.tmp');
    const staged: { tmp: string; final: string }[] = [];
    const discard = async () => {
      await Promise.all(staged.map((s) => fs.rm(s.tmp, { force: true })));
    };
    try {
      for (const f of files) {
        const tmp = path.join(tmpDir, `${randomUUID()}.part`);
        staged.push({ tmp, final: this.file(f.key) });
        const pieces = Array.isArray(f.data) ? f.data : [f.data as Buffer];
        await this.inFolder(tmpDir, () => writePieces(tmp, pieces));
      }
    } catch (err) {
      await discard();
      throw err;
    }
    return {
      // rename() within one file system is atomic: a reader sees the whole file or none.
      commit: async () => {
        for (const s of staged) {
          await this.inFolder(path.dirname(s.final), () => fs.rename(s.tmp, s.final));
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

  async read(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
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

/** Writes the pieces as one new file without joining them in memory (writev, resumed after a short write). */
async function writePieces(file: string, pieces: readonly Buffer[]): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    let rest = pieces.filter((p) => p.length > 0);
    while (rest.length > 0) {
      let { bytesWritten } = await handle.writev(rest);
      while (rest.length > 0 && bytesWritten >= rest[0]!.length) {
        bytesWritten -= rest[0]!.length;
        rest = rest.slice(1);
      }
      if (bytesWritten > 0) rest = [rest[0]!.subarray(bytesWritten), ...rest.slice(1)];
    }
  } finally {
    await handle.close();
  }
}
