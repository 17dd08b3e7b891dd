import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { rowsOf } from '../../../server/src/db/client.js';
import { reportEvents, reports, reportUpdates } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError, tamperSignature } from '../../support/http.js';
import { accessTokenFor, bearer, getAs, createUser } from '../../fixtures/factories.js';
import { act, createReportWorld, fix, jpeg, submit, type ReportWorld } from '../../fixtures/reports.js';

/** Every file under the upload folder (staged and committed). */
function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

describe('随手拍 reports', () => {
  let t: TestContext;
  let w: ReportWorld;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-uploads-'));
    t = await buildTestApp({
      UPLOAD_DIR: uploadDir,
      PHOTO_MAX_BYTES: String(3 * 1024 * 1024),
      PHOTO_MAX_PIXELS: String(20_000_000),
    });
    w = await createReportWorld(t.db);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  const get = (url: string, user: { id: string; role: string }) => getAs(t.app, url, user);
  const newReport = async (point = w.points.a1, category = w.category.pothole.code, user = w.rider) => {
    const res = await submit(t.app, user, { category, point });
    expect(res.statusCode).toBe(201);
    return res.json().report as { id: string; state: string; streetId: string | null; teamId: string | null };
  };

  describe('routing', () => {
    it.each([
      ['street A1', 'a1'],
      ['street A2', 'a2'],
    ] as const)('a report inside %s goes to that street and its team for the category', async (_label, key) => {
      const report = await newReport(w.points[key]);
      expect(report.streetId).toBe(w[key].id);
      expect(report.teamId).toBe(w.teamOf[w[key].id]);
      expect(report.state).toBe('submitted');
    });

    it('a report outside every street goes to the district queue (no street, no team)', async () => {
      const report = await newReport(w.points.districtQueue);
      expect(report.streetId).toBeNull();
      const [row] = await t.db.select().from(reports).where(eq(reports.id, report.id));
      expect(row!.districtId).toBe(w.districtA.id);
    });

    it('a report outside every district is refused with 422 OUTSIDE_SERVICE_AREA', async () => {
      expectError(
        await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.nowhere }),
        422,
        'OUTSIDE_SERVICE_AREA',
      );
    });

    it('converts a WGS-84 location to GCJ-02 before routing and storing', async () => {
      const wgs = { lng: 116.415, lat: 39.92 };
      const res = await submit(t.app, w.rider, {
        category: w.category.pothole.code,
        point: wgs,
        fields: { coordSystem: 'wgs84' },
      });
      const report = res.json().report;
      const gcj = wgs84ToGcj02(wgs);
      expect(report.lng).toBeCloseTo(gcj.lng, 6);
      expect(report.lat).toBeCloseTo(gcj.lat, 6);
    });
  });

  describe('submit: photos', () => {
    it('stores a display size and a thumbnail, auto-oriented, without EXIF, behind a signed URL', async () => {
      // Orientation 6 = rotate 90°: a 400×300 sensor image is shown 300×400.
      const res = await submit(t.app, w.rider, {
        category: w.category.pothole.code,
        point: w.points.a1,
        photos: [await jpeg(400, 300, { orientation: 6 })],
      });
      expect(res.statusCode).toBe(201);
      const photo = res.json().report.photos[0];
      expect({ w: photo.width, h: photo.height }).toEqual({ w: 300, h: 400 });
      const display = await t.app.inject({ method: 'GET', url: photo.url });
      expect(display.statusCode).toBe(200);
      expect(display.headers['content-type']).toBe('image/jpeg');
      const meta = await sharp(display.rawPayload).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(display.rawPayload.includes(Buffer.from('secret-device'))).toBe(false);
      const thumb = await t.app.inject({ method: 'GET', url: photo.thumbUrl });
      expect(Math.max((await sharp(thumb.rawPayload).metadata()).width!, 1)).toBeLessThanOrEqual(320);
    });

    it('keeps an upright JPEG as sent and makes its thumbnail once, on first view', async () => {
      const res = await submit(t.app, w.rider, {
        category: w.category.pothole.code,
        point: w.points.a1,
        photos: [await jpeg(640, 480)],
      });
      expect(res.statusCode).toBe(201);
      const photo = res.json().report.photos[0];
      const thumbs = () => filesIn(uploadDir).filter((f) => f.endsWith('-thumb.jpg'));
      const before = thumbs().length;
      // Several staff open the list at once: one thumbnail is made and stored, all get it.
      const views = await Promise.all([1, 2, 3].map(() => t.app.inject({ method: 'GET', url: photo.thumbUrl })));
      for (const v of views) {
        expect(v.statusCode).toBe(200);
        expect(v.headers['content-type']).toBe('image/jpeg');
        expect(v.rawPayload.equals(views[0]!.rawPayload)).toBe(true);
      }
      expect((await sharp(views[0]!.rawPayload).metadata()).width).toBe(320);
      expect(thumbs().length).toBe(before + 1);
      const again = await t.app.inject({ method: 'GET', url: photo.thumbUrl });
      expect(again.rawPayload.equals(views[0]!.rawPayload)).toBe(true);
      expect(thumbs().length).toBe(before + 1);
    });

    it('answers 404 for the thumbnail of a stored photo whose compressed data does not decode', async () => {
      // Every segment well formed, the header readable (so the submission is accepted), but the scan
      // names Huffman tables that were never defined: only decoding finds out, when the thumbnail is made.
      const broken = await jpeg(640, 480);
      const sos = broken.indexOf(Buffer.from([0xff, 0xda]));
      broken[sos + 6] = 0x33;
      const res = await submit(t.app, w.rider, {
        category: w.category.pothole.code,
        point: w.points.a1,
        photos: [broken],
      });
      expect(res.statusCode).toBe(201);
      const photo = res.json().report.photos[0];
      const thumbs = () => filesIn(uploadDir).filter((f) => f.endsWith('-thumb.jpg')).length;
      const stored = thumbs();
      const logged = () => t.logs.filter((l) => l.includes('stored photo does not decode')).length;
      expect((await t.app.inject({ method: 'GET', url: photo.thumbUrl })).statusCode).toBe(404);
      expect(logged()).toBe(1);
      // Asked again: answered from memory, not decoded (and logged) again; nothing stored.
      expect((await t.app.inject({ method: 'GET', url: photo.thumbUrl })).statusCode).toBe(404);
      expect(logged()).toBe(1);
      expect(thumbs()).toBe(stored);
      // The display photo itself is served as stored.
      expect((await t.app.inject({ method: 'GET', url: photo.url })).statusCode).toBe(200);
    });

    it('refuses a photo URL with a tampered signature', async () => {
      const report = await newReport();
      const detail = (await get(`/api/v1/reports/${report.id}`, w.rider)).json();
      const url = tamperSignature(String(detail.photos[0].url));
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(403);
    });

    it('refuses a file that is not an image whatever its name, and writes nothing', async () => {
      const before = filesIn(uploadDir).length;
      const count = await t.db.$count(reports);
      const res = await submit(t.app, w.rider, {
        category: w.category.pothole.code,
        point: w.points.a1,
        photos: [await jpeg(), Buffer.from('%PDF-1.4 not a photo but named .jpg')],
      });
      expectError(res, 400, 'PHOTO_NOT_IMAGE');
      expect(filesIn(uploadDir).length).toBe(before);
      expect(await t.db.$count(reports)).toBe(count);
    });

    it('refuses an oversized file with 413 PHOTO_TOO_LARGE', async () => {
      const big = Buffer.concat([await jpeg(), Buffer.alloc(3 * 1024 * 1024 + 10)]);
      expectError(
        await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1, photos: [big] }),
        413,
        'PHOTO_TOO_LARGE',
      );
    });

    it('refuses a decompression bomb by its header (too many pixels) with 413 PHOTO_TOO_MANY_PIXELS', async () => {
      const bomb = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#fff' } })
        .png({ compressionLevel: 9 })
        .toBuffer();
      expect(bomb.length).toBeLessThan(1024 * 1024);
      expectError(
        await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1, photos: [bomb] }),
        413,
        'PHOTO_TOO_MANY_PIXELS',
      );
    });

    it('refuses more than 3 photos and no photo at all', async () => {
      const p = await jpeg();
      expectError(
        await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1, photos: [p, p, p, p] }),
        400,
        'TOO_MANY_PHOTOS',
      );
      expectError(
        await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1, photos: [] }),
        400,
        'PHOTO_REQUIRED',
      );
    });

    it('accepts PNG and WebP by content', async () => {
      const png = await sharp(await jpeg())
        .png()
        .toBuffer();
      const webp = await sharp(await jpeg())
        .webp()
        .toBuffer();
      const res = await submit(t.app, w.rider, {
        category: w.category.pothole.code,
        point: w.points.a1,
        photos: [png, webp],
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().report.photos).toHaveLength(2);
    });
  });

  describe('submit: bad input', () => {
    it.each([
      ['missing location', { lat: '', lng: '' }, 400, 'LOCATION_REQUIRED', 'lat'],
      ['latitude out of range', { lat: 91 }, 400, 'COORDINATE_OUT_OF_RANGE', 'lat'],
      ['longitude out of range', { lng: -181 }, 400, 'COORDINATE_OUT_OF_RANGE', 'lng'],
      ['unknown category', { category: 'no-such-category' }, 400, 'CATEGORY_UNKNOWN', 'category'],
      [
        'description over 500 characters',
        { description: '坑'.repeat(501) },
        400,
        'DESCRIPTION_TOO_LONG',
        'description',
      ],
    ] as const)('%s (%j) → %i %s', async (_label, fields, status, code, field) => {
      const res = await submit(t.app, w.rider, {
        category: w.category.pothole.code,
        point: w.points.a1,
        fields: { ...fields },
      });
      expect(expectError(res, status, code).field).toBe(field);
    });

    it('requires an Idempotency-Key header', async () => {
      expectError(
        await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1, key: null }),
        400,
        'IDEMPOTENCY_KEY_REQUIRED',
      );
    });

    it('requires multipart', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: { ...bearer(accessTokenFor(t.app, w.rider)), 'idempotency-key': 'abcdefgh12' },
        payload: { category: 'x' },
      });
      expectError(res, 415, 'MULTIPART_REQUIRED');
    });

    it('only riders submit', async () => {
      expectError(
        await submit(t.app, w.operatorA1, { category: w.category.pothole.code, point: w.points.a1 }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('submit: idempotency', () => {
    it('a retry with the same key returns the first report (200 replayed) and writes nothing new', async () => {
      const key = 'retry-key-0001';
      const first = await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1, key });
      expect(first.statusCode).toBe(201);
      const files = filesIn(uploadDir).length;
      const second = await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1, key });
      expect(second.statusCode).toBe(200);
      expect(second.json()).toMatchObject({ replayed: true, report: { id: first.json().report.id } });
      expect(filesIn(uploadDir).length).toBe(files);
      const rows = await t.db.select().from(reports).where(eq(reports.idempotencyKey, key));
      expect(rows).toHaveLength(1);
    });

    it('two concurrent submissions with one key make one report', async () => {
      const key = 'race-key-0001';
      const [a, b] = await Promise.all([
        submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1, key }),
        submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1, key }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
      expect(a.json().report.id).toBe(b.json().report.id);
      expect(await t.db.$count(reports, eq(reports.idempotencyKey, key))).toBe(1);
    });

    it('the same key from another rider is a different report', async () => {
      const key = 'shared-key-001';
      const a = await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1, key });
      const b = await submit(t.app, w.rider2, { category: w.category.pothole.code, point: w.points.a1, key });
      expect(b.statusCode).toBe(201);
      expect(b.json().report.id).not.toBe(a.json().report.id);
    });
  });

  describe('workflow', () => {
    it('accept → dispatch → on site → fixed (with photo) → closed, each step appended to the history', async () => {
      const r = await newReport();
      expect((await act(t.app, w.operatorA1, r.id, { action: 'accept' })).json().state).toBe('accepted');
      expect((await act(t.app, w.operatorA1, r.id, { action: 'dispatch' })).json().state).toBe('dispatched');
      expect((await act(t.app, w.operatorA1, r.id, { action: 'on_site', note: '已到场' })).json().state).toBe(
        'on_site',
      );
      const fixed = await fix(t.app, w.operatorA1, r.id, await jpeg(), '已回填');
      expect(fixed.statusCode).toBe(200);
      expect(fixed.json().state).toBe('fixed');
      const closed = (await act(t.app, w.operatorA1, r.id, { action: 'close' })).json();
      expect(closed.state).toBe('closed');
      expect(closed.updates.map((u: { action: string }) => u.action)).toEqual([
        'submit',
        'accept',
        'dispatch',
        'on_site',
        'fix',
        'close',
      ]);
      const fixUpdate = closed.updates.find((u: { action: string }) => u.action === 'fix');
      expect(fixUpdate.photos).toHaveLength(1);
      expect(closed.photos).toHaveLength(1); // the "after" photo is on the update, not the report
      for (const stamp of ['acceptedAt', 'dispatchedAt', 'onSiteAt', 'fixedAt', 'closedAt'])
        expect(closed[stamp]).not.toBeNull();
    });

    it.each([
      ['skip: submitted → on site', [], { action: 'on_site' }],
      ['skip: submitted → dispatch', [], { action: 'dispatch' }],
      ['skip: accepted → close', ['accept'], { action: 'close' }],
      ['reverse: dispatched → accept', ['accept', 'dispatch'], { action: 'accept' }],
      ['twice: accept an accepted report', ['accept'], { action: 'accept' }],
      ['reject after accept', ['accept'], { action: 'reject', reason: 'not_hazard' }],
    ] as const)('refuses %s with 409 INVALID_TRANSITION and writes no update', async (_label, steps, body) => {
      const r = await newReport();
      for (const s of steps) expect((await act(t.app, w.operatorA1, r.id, { action: s })).statusCode).toBe(200);
      const before = await t.db.$count(reportUpdates, eq(reportUpdates.reportId, r.id));
      expectError(await act(t.app, w.operatorA1, r.id, { ...body }), 409, 'INVALID_TRANSITION');
      expect(await t.db.$count(reportUpdates, eq(reportUpdates.reportId, r.id))).toBe(before);
    });

    it('fixing before on site is refused and leaves no file behind', async () => {
      const r = await newReport();
      await act(t.app, w.operatorA1, r.id, { action: 'accept' });
      const files = filesIn(uploadDir).length;
      expectError(await fix(t.app, w.operatorA1, r.id, await jpeg()), 409, 'INVALID_TRANSITION');
      expect(filesIn(uploadDir).length).toBe(files);
    });

    it('fixed needs the after photo', async () => {
      const r = await newReport();
      for (const a of ['accept', 'dispatch', 'on_site']) await act(t.app, w.operatorA1, r.id, { action: a });
      expectError(await fix(t.app, w.operatorA1, r.id, null), 400, 'FIX_PHOTO_REQUIRED');
    });

    it('reject needs a reason; with one, the rider sees it', async () => {
      const r = await newReport();
      expectError(await act(t.app, w.operatorA1, r.id, { action: 'reject' }), 400, 'REJECT_REASON_REQUIRED');
      expectError(
        await act(t.app, w.operatorA1, r.id, { action: 'reject', reason: 'because' }),
        400,
        'VALIDATION_FAILED',
      );
      const res = await act(t.app, w.operatorA1, r.id, {
        action: 'reject',
        reason: 'not_our_area',
        note: '属于高速路段',
      });
      expect(res.json()).toMatchObject({ state: 'rejected', rejectReason: 'not_our_area' });
      const mine = (await get(`/api/v1/reports/${r.id}`, w.rider)).json();
      expect(mine.updates.at(-1)).toMatchObject({ action: 'reject', reason: 'not_our_area', note: '属于高速路段' });
    });

    it('dispatch refuses a team of another street', async () => {
      const r = await newReport();
      await act(t.app, w.operatorA1, r.id, { action: 'accept' });
      expectError(
        await act(t.app, w.operatorA1, r.id, { action: 'dispatch', teamId: w.teamOf[w.b1.id] }),
        400,
        'TEAM_UNKNOWN',
      );
      const ok = await act(t.app, w.operatorA1, r.id, { action: 'dispatch', teamId: w.districtTeam.id });
      expect(ok.json()).toMatchObject({ state: 'dispatched', teamName: '甲区养护中心' });
    });
  });

  describe('scope', () => {
    it('an operator cannot act on, or see, a report of another street: 403 OUT_OF_SCOPE', async () => {
      const r = await newReport(w.points.a2);
      expectError(await act(t.app, w.operatorA1, r.id, { action: 'accept' }), 403, 'OUT_OF_SCOPE');
      expectError(await get(`/api/v1/reports/${r.id}`, w.operatorA1), 403, 'OUT_OF_SCOPE');
      expectError(await act(t.app, w.operatorB1, r.id, { action: 'accept' }), 403, 'OUT_OF_SCOPE');
    });

    it('a district admin acts on its district queue and its streets, not the other district', async () => {
      const q = await newReport(w.points.districtQueue);
      expect((await act(t.app, w.adminA, q.id, { action: 'accept' })).statusCode).toBe(200);
      expectError(
        await act(t.app, w.adminB, q.id, { action: 'dispatch', teamId: w.districtTeam.id }),
        403,
        'OUT_OF_SCOPE',
      );
      // A street operator does not see the district queue.
      expectError(await act(t.app, w.operatorA1, q.id, { action: 'dispatch' }), 403, 'OUT_OF_SCOPE');
    });

    it('a rider sees its own reports only, and staff routes are closed to it', async () => {
      const r = await newReport();
      expectError(await get(`/api/v1/reports/${r.id}`, w.rider2), 403, 'OUT_OF_SCOPE');
      expectError(await act(t.app, w.rider, r.id, { action: 'accept' }), 403, 'FORBIDDEN');
      const mine = (await get('/api/v1/reports/mine', w.rider2)).json();
      expect(mine.items.every((i: { mine: boolean }) => i.mine)).toBe(true);
    });

    it('the reporter is shown to staff in scope, never to the rider view of another', async () => {
      const r = await newReport();
      expect((await get(`/api/v1/reports/${r.id}`, w.operatorA1)).json().reporterName).toBe('王师傅（尾号 1234）');
      expect((await get(`/api/v1/reports/${r.id}`, w.rider)).json().reporterName).toBeUndefined();
    });

    it('the queue lists the operator’s street only, most urgent first, with overdue flags', async () => {
      const r1 = await newReport(w.points.a2);
      const r2 = await newReport(w.points.a2);
      await act(t.app, w.operatorA2, r2.id, { action: 'accept' });
      // r1 is overdue: its accept deadline passed.
      await t.db
        .update(reports)
        .set({ acceptDueAt: new Date(Date.now() - 60_000) })
        .where(eq(reports.id, r1.id));
      const items = (await get('/api/v1/staff/reports', w.operatorA2)).json().items as {
        id: string;
        streetId: string;
        overdue: boolean;
      }[];
      expect(items.every((i) => i.streetId === w.a2.id)).toBe(true);
      expect(items[0]).toMatchObject({ id: r1.id, overdue: true });
      const overdue = (await get('/api/v1/staff/reports?overdue=true', w.operatorA2)).json().items;
      expect(overdue.map((i: { id: string }) => i.id)).toEqual([r1.id]);
    });
  });

  describe('points event', () => {
    it('accepting writes one report.accepted event; reopening and accepting again adds none', async () => {
      // A rider of its own: the file's other tests have used up w.rider's daily points cap.
      const rider = await createUser(t.db, 'rider', [], '赵师傅');
      const r = await newReport(w.points.a1, w.category.pothole.code, rider);
      await act(t.app, w.operatorA1, r.id, { action: 'accept' });
      for (const a of ['dispatch', 'on_site']) await act(t.app, w.operatorA1, r.id, { action: a });
      await fix(t.app, w.operatorA1, r.id, await jpeg());
      const reopened = await t.app.inject({
        method: 'POST',
        url: `/api/v1/reports/${r.id}/reopen`,
        headers: bearer(accessTokenFor(t.app, rider)),
        payload: { note: '还是有坑' },
      });
      expect(reopened.json().state).toBe('accepted');
      // reopen lands on accepted; the next step is a new dispatch, and accept again is refused
      expectError(await act(t.app, w.operatorA1, r.id, { action: 'accept' }), 409, 'INVALID_TRANSITION');
      const events = await t.db.select().from(reportEvents).where(eq(reportEvents.reportId, r.id));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: 'report.accepted', riderId: rider.id, payload: { points: 2 } });
    });

    it('a rejected report earns no event', async () => {
      const r = await newReport();
      await act(t.app, w.operatorA1, r.id, { action: 'reject', reason: 'not_hazard' });
      expect(await t.db.$count(reportEvents, eq(reportEvents.reportId, r.id))).toBe(0);
    });
  });

  describe('reopen', () => {
    const reopen = (id: string, user = w.rider) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/reports/${id}/reopen`,
        headers: bearer(accessTokenFor(t.app, user)),
        payload: { note: '没修好' },
      });
    const fixedReport = async () => {
      const r = await newReport();
      for (const a of ['accept', 'dispatch', 'on_site']) await act(t.app, w.operatorA1, r.id, { action: a });
      await fix(t.app, w.operatorA1, r.id, await jpeg());
      return r;
    };

    it('only the reporter may reopen', async () => {
      const r = await fixedReport();
      expectError(await reopen(r.id, w.rider2), 403, 'NOT_REPORTER');
    });
    it('not after 7 days', async () => {
      const r = await fixedReport();
      await t.db
        .update(reports)
        .set({ fixedAt: new Date(Date.now() - 8 * 86400_000) })
        .where(eq(reports.id, r.id));
      expectError(await reopen(r.id), 409, 'REOPEN_WINDOW_PASSED');
    });
    it('not before it is fixed', async () => {
      const r = await newReport();
      expectError(await reopen(r.id), 409, 'INVALID_TRANSITION');
    });
  });

  describe('duplicates', () => {
    it('lists open reports of the same category within 250 m, nearest first, not farther or other categories', async () => {
      const base = { lng: 116.43, lat: 39.93 };
      const near = await newReport({ lng: 116.4315, lat: 39.93 }, w.category.manhole.code); // ~128 m
      await newReport({ lng: 116.436, lat: 39.93 }, w.category.manhole.code); // ~510 m
      await newReport({ lng: 116.4301, lat: 39.93 }, w.category.signal.code); // other category
      const res = await get(
        `/api/v1/reports/nearby?category=${w.category.manhole.code}&lat=${base.lat}&lng=${base.lng}`,
        w.rider2,
      );
      const items = res.json().items;
      expect(items.map((i: { id: string }) => i.id)).toEqual([near.id]);
      expect(items[0].distanceM).toBeGreaterThan(100);
      expect(items[0].distanceM).toBeLessThan(150);
      expect(items[0].thumbUrl).toMatch(/^\/media\/photos\//);
    });

    it('"我也遇到" counts once per rider, not for one’s own report', async () => {
      const r = await newReport();
      const confirm = (user: { id: string; role: string }) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/reports/${r.id}/confirmations`,
          headers: bearer(accessTokenFor(t.app, user)),
        });
      expect((await confirm(w.rider2)).json()).toEqual({ confirmations: 1 });
      expectError(await confirm(w.rider2), 409, 'ALREADY_CONFIRMED');
      expectError(await confirm(w.rider), 409, 'OWN_REPORT');
    });

    it('staff merge a duplicate: it is rejected as duplicate, the other gains a confirmation', async () => {
      const keep = await newReport();
      const dup = await newReport(w.points.a1, w.category.pothole.code, w.rider2);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/reports/${dup.id}/merge`,
        headers: bearer(accessTokenFor(t.app, w.operatorA1)),
        payload: { intoId: keep.id },
      });
      expect(res.json()).toMatchObject({ state: 'rejected', rejectReason: 'duplicate', duplicateOfId: keep.id });
      expect((await get(`/api/v1/reports/${keep.id}`, w.operatorA1)).json().confirmations).toBe(1);
      const self = await t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/reports/${keep.id}/merge`,
        headers: bearer(accessTokenFor(t.app, w.operatorA1)),
        payload: { intoId: keep.id },
      });
      expectError(self, 409, 'MERGE_TARGET_INVALID');
    });
  });

  describe('notifications inbox', () => {
    it('the rider is told on accept, reject (with reason) and fix', async () => {
      const rider = w.rider2;
      const a = await newReport(w.points.a1, w.category.pothole.code, rider);
      const b = await newReport(w.points.a1, w.category.pothole.code, rider);
      await act(t.app, w.operatorA1, a.id, { action: 'accept' });
      await act(t.app, w.operatorA1, b.id, { action: 'reject', reason: 'not_hazard' });
      for (const s of ['dispatch', 'on_site']) await act(t.app, w.operatorA1, a.id, { action: s });
      await fix(t.app, w.operatorA1, a.id, await jpeg());
      const inbox = (await get('/api/v1/notifications', rider)).json();
      const kinds = inbox.items
        .filter((n: { reportId: string }) => [a.id, b.id].includes(n.reportId))
        .map((n: { kind: string }) => n.kind);
      expect(kinds.sort()).toEqual(['report_accepted', 'report_fixed', 'report_rejected']);
      expect(inbox.items.find((n: { kind: string }) => n.kind === 'report_rejected').body).toContain('不属于安全隐患');
      const first = inbox.items[0];
      const read = await t.app.inject({
        method: 'POST',
        url: `/api/v1/notifications/${first.id}/read`,
        headers: bearer(accessTokenFor(t.app, rider)),
      });
      expect(read.statusCode).toBe(204);
      const other = await t.app.inject({
        method: 'POST',
        url: `/api/v1/notifications/${first.id}/read`,
        headers: bearer(accessTokenFor(t.app, w.rider)),
      });
      expectError(other, 404, 'NOT_FOUND');
    });
  });

  it('every report has exactly one submit update in its history', async () => {
    const rows = rowsOf<{ reports: number; submits: number }>(
      await t.db.execute(
        sql`select (select count(*)::int from reports) as reports, (select count(*)::int from report_updates where action = 'submit') as submits`,
      ),
    );
    expect(Number(rows[0]!.submits)).toBe(Number(rows[0]!.reports));
  });
});
