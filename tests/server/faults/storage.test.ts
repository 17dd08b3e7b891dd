import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { reportPhotos, reports } from '../../../server/src/db/schema/index.js';
import { LocalPhotoStorage, sweepPhotoFiles } from '../../../server/src/reports/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { filesUnder, startApi, tempDir, type ApiProcess } from '../../support/faults.js';
import { testEngine } from '../../support/engine.js';
import { accessTokenFor } from '../../fixtures/factories.js';
import { createReportWorld, jpeg, multipart, submit, type ReportWorld } from '../../fixtures/reports.js';

// Photo storage faults. A full disk for real: the API runs as a child process under a file-size
// limit (prlimit --fsize), so the kernel refuses the photo write with EFBIG part-way, as ENOSPC
// and EDQUOT refuse it on a full disk or quota. PostgreSQL only: on PGlite the database lives in
// the API process and its data files would be under the same limit (and a limit on the jest
// worker itself got it killed by SIGXFSZ). The crash sweep runs in process on both engines.
const describeOnPostgres = testEngine() === 'postgres' ? describe : describe.skip;

describeOnPostgres('a full disk for photos (PostgreSQL: see above)', () => {
  let t: TestContext;
  let w: ReportWorld;
  let api: ApiProcess | undefined;
  const dir = tempDir('nx-faults-full-');
  const uploadDir = path.join(dir, 'uploads');

  beforeAll(async () => {
    t = await buildTestApp({ UPLOAD_DIR: uploadDir });
    w = await createReportWorld(t.db);
    api = await startApi(
      { DATABASE_URL: (t.database as { url?: string }).url!, DATA_DIR: dir, UPLOAD_DIR: uploadDir },
      { fileSizeLimit: 64 * 1024 },
    );
  }, 300_000);
  afterAll(async () => {
    await api?.stop();
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('507 STORAGE_FULL in Chinese, no report, no file left, the API still serves', async () => {
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
    const body = multipart(
      { category: w.category.pothole.code, lat: w.points.a1.lat, lng: w.points.a1.lng, description: '磁盘满测试' },
      [small, big].map((data) => ({ field: 'photos', data })),
    );
    const post = () =>
      fetch(`${api!.base}/api/v1/reports`, {
        method: 'POST',
        headers: { ...body.headers, authorization: `Bearer ${accessTokenFor(t.app, w.rider)}`, 'idempotency-key': key },
        body: new Blob([new Uint8Array(body.payload)]),
      });
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await post();
      expect(res.status).toBe(507);
      expect(await res.json()).toMatchObject({
        code: 'STORAGE_FULL',
        message: expect.stringMatching(/[\u4e00-\u9fff]/),
      });
    }
    expect(await t.db.select().from(reports).where(eq(reports.idempotencyKey, key))).toEqual([]);
    expect(filesUnder(uploadDir)).toEqual([]);
    expect((await fetch(`${api!.base}/ready`)).status).toBe(200);
  });
});

describe('photo files after a crash (both engines)', () => {
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
