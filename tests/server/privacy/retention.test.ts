import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { accessEvents, reportPhotos, reports } from '../../../server/src/db/schema/index.js';
import { appJobs } from '../../../server/src/jobs.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { createCommunity } from '../../fixtures/factories.js';
import { act, call, createReportWorld, submit, type ReportWorld } from '../../fixtures/reports.js';

const DAY = 86_400_000;

describe('privacy-retention job: report photos deleted, precise locations coarsened after N days', () => {
  let t: TestContext;
  let w: ReportWorld;
  let uploadDir: string;
  // Photo rows are stamped by the database's clock: start the test's clock at the real time.
  let now = new Date();

  beforeAll(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-uploads-'));
    t = await buildTestApp(
      { UPLOAD_DIR: uploadDir, REPORT_PHOTO_RETENTION_DAYS: '30', PRECISE_LOCATION_RETENTION_DAYS: '10' },
      { now: () => now },
    );
    w = await createReportWorld(t.db);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  const run = async () => {
    const job = appJobs(t.database, t.config, () => now).find((j) => j.name === 'privacy-retention');
    expect(job).toBeDefined();
    return job!.run();
  };
  const filesOf = (key: string) =>
    [`${key}-display.jpg`, `${key}-thumb.jpg`].filter((f) => fs.existsSync(path.join(uploadDir, f)));

  it('is configured from the environment and listed among the jobs', () => {
    expect(t.config.privacy).toMatchObject({ reportPhotoRetentionDays: 30, preciseLocationRetentionDays: 10 });
    expect(appJobs(t.database, t.config).map((j) => j.name)).toContain('privacy-retention');
  });

  it('deletes the photos of finished reports past the period (files, then the row marked), keeps open cases, coarsens old coordinates', async () => {
    const point = { lng: 116.421234, lat: 39.921987 };
    const finished = (await submit(t.app, w.rider, { category: w.category.pothole.code, point })).json().report;
    const open = (await submit(t.app, w.rider, { category: w.category.pothole.code, point })).json().report;
    expect((await act(t.app, w.operatorA1, finished.id, { action: 'reject', reason: 'not_hazard' })).statusCode).toBe(
      200,
    );
    const [finishedPhoto] = await t.db.select().from(reportPhotos).where(eq(reportPhotos.reportId, finished.id));
    const [openPhoto] = await t.db.select().from(reportPhotos).where(eq(reportPhotos.reportId, open.id));
    expect(filesOf(finishedPhoto!.storageKey).length).toBeGreaterThan(0);
    const community = await createCommunity(t.db, w.a1.id, '留存小区');
    await t.db.insert(accessEvents).values({
      communityId: community.id,
      riderId: w.rider.id,
      method: 'gate_code',
      granted: true,
      reason: 'GRANTED',
      scannedAt: now,
      createdAt: now,
      lat: 39.9234567,
      lng: 116.4567891,
    });

    // Within both periods: nothing changes.
    now = new Date(now.getTime() + 5 * DAY);
    expect(await run()).toEqual({ photosPurged: 0, reportsCoarsened: 0, eventsCoarsened: 0 });

    // Past the location period, within the photo period: coordinates ~100 m, photos kept.
    now = new Date(now.getTime() + 10 * DAY);
    const afterLocation = await run();
    expect(afterLocation.photosPurged).toBe(0);
    expect(afterLocation.reportsCoarsened).toBeGreaterThanOrEqual(2);
    expect(afterLocation.eventsCoarsened).toBeGreaterThanOrEqual(1);
    const [r] = await t.db.select().from(reports).where(eq(reports.id, finished.id));
    expect({ lat: r!.lat, lng: r!.lng, accuracyM: r!.accuracyM }).toEqual({
      lat: 39.922,
      lng: 116.421,
      accuracyM: null,
    });
    const [e] = await t.db.select().from(accessEvents).where(eq(accessEvents.communityId, community.id));
    expect({ lat: e!.lat, lng: e!.lng }).toEqual({ lat: 39.923, lng: 116.457 });

    // Past the photo period: the finished report's photo files go, its row is marked; the open case keeps its photo.
    now = new Date(now.getTime() + 20 * DAY);
    const afterPhotos = await run();
    expect(afterPhotos.photosPurged).toBe(1);
    expect(filesOf(finishedPhoto!.storageKey)).toEqual([]);
    const [marked] = await t.db.select().from(reportPhotos).where(eq(reportPhotos.id, finishedPhoto!.id));
    expect(marked!.purgedAt).toEqual(now);
    expect(filesOf(openPhoto!.storageKey).length).toBeGreaterThan(0);
    const [kept] = await t.db.select().from(reportPhotos).where(eq(reportPhotos.id, openPhoto!.id));
    expect(kept!.purgedAt).toBeNull();

    // The rider's report no longer offers the deleted photo, the open one still does.
    const detail = (await call(t.app, w.rider, 'GET', `/api/v1/reports/${finished.id}`)).json();
    expect(detail.photos).toEqual([]);
    const openDetail = (await call(t.app, w.rider, 'GET', `/api/v1/reports/${open.id}`)).json();
    expect(openDetail.photos).toHaveLength(1);

    // Safe to repeat: a second pass finds nothing left to do.
    expect(await run()).toEqual({ photosPurged: 0, reportsCoarsened: 0, eventsCoarsened: 0 });
    const purged = await t.db
      .select()
      .from(reportPhotos)
      .where(sql`${reportPhotos.purgedAt} is not null`);
    expect(purged.map((p) => p.id)).toEqual([finishedPhoto!.id]);
  });
});
