import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { reportPhotos, reports } from '../../../server/src/db/schema/index.js';
import { LocalPhotoStorage, sweepPhotoFiles } from '../../../server/src/reports/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { filesUnder, tempDir } from '../../support/faults.js';
import { createReportWorld, jpeg, submit, type ReportWorld } from '../../fixtures/reports.js';

// Photo storage faults, on both engines, in process: a full disk (a real one for the writes of
// this process: a file-size limit makes the kernel refuse the write with EFBIG, as ENOSPC and
// EDQUOT refuse it on a full disk or quota), and the state a crash leaves between a report's
// commit and its files' move out of staging.

/**
 * This process's file-size limit (soft; the hard one stays), through util-linux's prlimit. A
 * write past it raises SIGXFSZ, whose default kills the process (a jest worker died of it), so a
 * handler is installed while the limit is on: the write then fails with EFBIG.
 */
const ignoreXfsz = () => {};
const setFileSizeLimit = (bytes: number | 'unlimited') => {
  if (bytes !== 'unlimited') process.on('SIGXFSZ', ignoreXfsz);
  execFileSync('prlimit', ['--pid', String(process.pid), `--fsize=${bytes}:`]);
  if (bytes === 'unlimited') process.off('SIGXFSZ', ignoreXfsz);
};

describe('photo storage faults', () => {
  let t: TestContext;
  let w: ReportWorld;
  const uploadDir = path.join(tempDir('nx-faults-storage-'), 'uploads');

  beforeAll(async () => {
    t = await buildTestApp({ UPLOAD_DIR: uploadDir });
    w = await createReportWorld(t.db);
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(path.dirname(uploadDir), { recursive: true, force: true });
  });

  it('a full disk: 507 STORAGE_FULL in Chinese, no report, no file left; the same key works once there is room', async () => {
    // The first photo fits, the second does not: the first one's staged file must go too.
    const small = await jpeg(40, 30);
    const big = await sharp({
      create: {
        width: 900,
        height: 700,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png()
      .toBuffer();
    const key = `full-${randomUUID()}`;
    const before = filesUnder(uploadDir);
    let res;
    setFileSizeLimit(small.length + 4096);
    try {
      res = await submit(t.app, w.rider, {
        category: w.category.pothole.code,
        point: w.points.a1,
        photos: [small, big],
        key,
      });
    } finally {
      setFileSizeLimit('unlimited');
    }
    expect(res.statusCode).toBe(507);
    expect(res.json()).toMatchObject({ code: 'STORAGE_FULL', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
    expect(await t.db.select().from(reports).where(eq(reports.idempotencyKey, key))).toEqual([]);
    expect(filesUnder(uploadDir)).toEqual(before);

    const again = await submit(t.app, w.rider, {
      category: w.category.pothole.code,
      point: w.points.a1,
      photos: [small, big],
      key,
    });
    expect(again.statusCode).toBe(201);
    const photos = await t.db.select().from(reportPhotos).where(eq(reportPhotos.reportId, again.json().report.id));
    expect(photos).toHaveLength(2);
    for (const p of photos) expect(fs.existsSync(path.join(uploadDir, `${p.storageKey}-display.jpg`))).toBe(true);
  });

  it('after a crash, the start-up sweep finishes committed photos and removes staged and orphan files', async () => {
    const res = await submit(t.app, w.rider, {
      category: w.category.pothole.code,
      point: w.points.a1,
      photos: [await jpeg()],
    });
    expect(res.statusCode).toBe(201);
    const [photo] = await t.db.select().from(reportPhotos).where(eq(reportPhotos.reportId, res.json().report.id));
    const display = `${photo!.storageKey}-display.jpg`;
    // A process that has exited: its staged files will never be committed or discarded by it.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const staged = (pid: number, key: string) =>
      path.join(uploadDir, '.tmp', `${pid}.0123abcd.${key.replaceAll('/', '_')}.part`);
    // The kill came after the commit, before the move: the row exists, the file is still staged.
    fs.renameSync(path.join(uploadDir, display), staged(dead, display));
    // The kill came before the commit: staged, no row.
    const uncommitted = `reports/2026-12/${randomUUID()}-display.jpg`;
    fs.writeFileSync(staged(dead, uncommitted), 'x');
    // A live writer's file (another process on the folder, mid-submit): left to it.
    const live = `reports/2026-12/${randomUUID()}-display.jpg`;
    fs.writeFileSync(staged(process.pid, live), 'x');
    // A committed file whose row is gone.
    const orphan = `reports/2026-12/${randomUUID()}-thumb.jpg`;
    fs.mkdirSync(path.dirname(path.join(uploadDir, orphan)), { recursive: true });
    fs.writeFileSync(path.join(uploadDir, orphan), 'x');

    const result = await sweepPhotoFiles(t.db, new LocalPhotoStorage(uploadDir));
    expect(result).toEqual({ committed: 1, discarded: 1, orphans: 1 });
    const files = filesUnder(uploadDir);
    expect(files).toContain(display);
    expect(files).not.toContain(orphan);
    expect(files.filter((f) => f.startsWith('.tmp/'))).toEqual([path.relative(uploadDir, staged(process.pid, live))]);
    // The report's photo is served again.
    const url = res.json().report.photos[0].url as string;
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    fs.rmSync(staged(process.pid, live));
  });
});
