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
    const tmpDir = path.join(this.root, TMP_DIR);
    const staged: { tmp: string; final: string }[] = [];
    const discard = async () => {
      await Promise.all(staged.map((s) => fs.rm(s.tmp, { force: true })));
    };
    try {
      for (const f of files) {
        // The name says who wrote it and for which key, so a sweep after a crash can tell a
        // dead writer's file from a live one's and finish a commit the crash cut short.
        const tmp = path.join(tmpDir, stagedName(process.pid, f.key));
        staged.push({ tmp, final: this.file(f.key) });
        const pieces = Array.isArray(f.data) ? f.data : [f.data as Buffer];
        await this.inFolder(tmpDir, () => writePieces(tmp, pieces));
      }
    } catch (err) {
      // A full disk (ENOSPC, EDQUOT, EFBIG) or any other write error: no partial file is left.
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

  /**
   * Files staged but neither committed nor discarded: a crash (SIGKILL, power) between staging and
   * commit, or a commit that failed. `writerAlive` is false when the process that staged it is
   * gone (or the name is not ours), so nothing will commit or discard it any more.
   */
  async listStaged(): Promise<{ name: string; key: string | null; writerAlive: boolean; ageMs: number }[]> {
    const tmpDir = path.join(this.root, TMP_DIR);
    const out = [];
    for (const name of await fs.readdir(tmpDir).catch(() => [] as string[])) {
      const stat = await fs.stat(path.join(tmpDir, name)).catch(() => null);
      if (!stat) continue;
      const parsed = parseStagedName(name);
      const key = parsed && SAFE_KEY.test(parsed.key) ? parsed.key : null;
      out.push({ name, key, writerAlive: !!parsed && processAlive(parsed.pid), ageMs: Date.now() - stat.mtimeMs });
    }
    return out;
  }

  /** Finishes a staged file's commit (its database row exists): moves it to its key unless already there. */
  async commitStaged(name: string, key: string): Promise<void> {
    const tmp = path.join(this.root, TMP_DIR, path.basename(name));
    const final = this.file(key);
    if (await exists(final)) return fs.rm(tmp, { force: true });
    await fs.mkdir(path.dirname(final), { recursive: true });
    await fs.rename(tmp, final);
  }

  async removeStaged(name: string): Promise<void> {
    await fs.rm(path.join(this.root, TMP_DIR, path.basename(name)), { force: true });
  }

  /** Every committed file's key (outside the staging folder), with its age. */
  async listKeys(): Promise<{ key: string; ageMs: number }[]> {
    const out: { key: string; ageMs: number }[] = [];
    const walk = async (dir: string, prefix: string) => {
      for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
        if (!prefix && entry.name === TMP_DIR) continue;
        const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), rel);
        else if (SAFE_KEY.test(rel)) {
          const stat = await fs.stat(path.join(dir, entry.name)).catch(() => null);
          if (stat) out.push({ key: rel, ageMs: Date.now() - stat.mtimeMs });
        }
      }
    };
    await walk(this.root, '');
    return out;
  }

  async remove(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }
}

const TMP_DIR = '.tmp';

/** `<pid>.<random>.<key with / as _>.part`: keys are `[a-z0-9/-]+.jpg`, so `_` never occurs in one. */
function stagedName(pid: number, key: string): string {
  return `${pid}.${randomUUID().slice(0, 8)}.${key.replaceAll('/', '_')}.part`;
}

function parseStagedName(name: string): { pid: number; key: string } | null {
  const m = /^(\d+)\.[0-9a-f]{8}\.([a-z0-9_-]+\.jpg)\.part$/.exec(name);
  return m ? { pid: Number(m[1]), key: m[2]!.replaceAll('_', '/') } : null;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

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
