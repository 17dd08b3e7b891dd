import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { gcj02ToWgs84, wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { pointTransfers, reportEvents } from '../../../server/src/db/schema/index.js';
import { accessTokenFor, bearer } from '../../fixtures/factories.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { act, createReportWorld, jpeg, multipart, submit, type ReportWorld } from '../../fixtures/reports.js';

const KEY = 'partner-key-123';
const ISO_WITH_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/;

describe('Open311 GeoReport v2', () => {
  let t: TestContext;
  let w: ReportWorld;
  let uploadDir: string;
  let fixedId: string;
  let openId: string;

  beforeAll(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-uploads-'));
    t = await buildTestApp({ UPLOAD_DIR: uploadDir, OPEN311_API_KEYS: KEY });
    w = await createReportWorld(t.db);
    openId = (await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1 })).json().report.id;
    fixedId = (await submit(t.app, w.rider, { category: w.category.manhole.code, point: w.points.a1 })).json().report
      .id;
    await act(t.app, w.operatorA1, fixedId, { action: 'reject', reason: 'not_hazard' });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url: `/open311/v2${url}` });

  it('lists services (the categories) and one service definition', async () => {
    const services = (await get('/services.json')).json();
    expect(services.map((s: { service_code: string }) => s.service_code)).toEqual(
      expect.arrayContaining([w.category.pothole.code, w.category.manhole.code]),
    );
    expect(services[0]).toMatchObject({ metadata: false, type: 'realtime' });
    expect((await get(`/services/${w.category.pothole.code}.json`)).json()).toEqual({
      service_code: w.category.pothole.code,
      attributes: [],
    });
    const missing = await get('/services/nope.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: expect.any(String) }]);
  });

  it('a request has WGS-84 lat/long, times with a zone, and never the reporter', async () => {
    const res = await get(`/requests/${openId}.json`);
    expect(res.statusCode).toBe(200);
    const [r] = res.json();
    const wgs = gcj02ToWgs84(w.points.a1);
    expect(r.lat).toBeCloseTo(wgs.lat, 5);
    expect(r.long).toBeCloseTo(wgs.lng, 5);
    expect(r.requested_datetime).toMatch(ISO_WITH_ZONE);
    expect(r.updated_datetime).toMatch(ISO_WITH_ZONE);
    expect(r).toMatchObject({ status: 'open', service_code: w.category.pothole.code, agency_responsible: '甲一街道' });
    expect(r.media_url).toMatch(/^\/media\/photos\//);
    expect(JSON.stringify(r)).not.toContain('王师傅');
    expect(JSON.stringify(r)).not.toContain(w.rider.id);
  });

  it('filters by status, service and dates', async () => {
    const open = (await get('/requests.json?status=open'))
      .json()
      .map((r: { service_request_id: string }) => r.service_request_id);
    expect(open).toContain(openId);
    expect(open).not.toContain(fixedId);
    const closed = (await get('/requests.json?status=closed')).json();
    expect(closed.find((r: { service_request_id: string }) => r.service_request_id === fixedId)).toMatchObject({
      status: 'closed',
      status_notes: '不予受理：不属于安全隐患',
    });
    const byService = (await get(`/requests.json?service_code=${w.category.manhole.code}`)).json();
    expect(byService.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([fixedId]);
    const future = encodeURIComponent(new Date(Date.now() + 86400_000).toISOString());
    expect((await get(`/requests.json?start_date=${future}`)).json()).toEqual([]);
    const bad = await get('/requests.json?start_date=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()[0].code).toBe(400);
  });

  it('POST needs a valid api_key and creates a report from WGS-84 with a photo', async () => {
    const wgs = gcj02ToWgs84(w.points.a2);
    const body = (key: string) =>
      multipart(
        { api_key: key, service_code: w.category.signal.code, lat: wgs.lat, long: wgs.lng, description: '信号灯不亮' },
        [],
      );
    const refused = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...withPhoto(body('wrong'), await jpeg()),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual([{ code: 403, description: 'api_key 无效' }]);
    const created = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...withPhoto(body(KEY), await jpeg()),
    });
    expect(created.statusCode).toBe(200);
    const [{ service_request_id: id, service_notice }] = created.json();
    expect(service_notice).toBe('已转甲二街道');
    const [r] = (await get(`/requests/${id}.json`)).json();
    expect(r.lat).toBeCloseTo(wgs.lat, 5);
    const back = wgs84ToGcj02({ lng: r.long, lat: r.lat });
    expect(back.lng).toBeCloseTo(w.points.a2.lng, 5);
  });

  describe('partner submissions', () => {
    const post = async (description: string) => {
      const wgs = gcj02ToWgs84(w.points.a1);
      const body = multipart(
        { api_key: KEY, service_code: w.category.pothole.code, lat: wgs.lat, long: wgs.lng, description },
        [],
      );
      const res = await t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        ...withPhoto(body, await jpeg()),
      });
      expect(res.statusCode).toBe(200);
      return res.json()[0].service_request_id as string;
    };
    const staffGet = (id: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/${id}`,
        headers: bearer(accessTokenFor(t.app, w.operatorA1)),
      });

    it('are shown to staff as coming from a partner; a rider report as a rider’s', async () => {
      const id = await post('合作方转来的坑');
      expect((await staffGet(id)).json()).toMatchObject({ source: 'open311' });
      expect((await staffGet(openId)).json()).toMatchObject({ source: 'app' });
      const queue = await t.app.inject({
        method: 'GET',
        url: '/api/v1/staff/reports',
        headers: bearer(accessTokenFor(t.app, w.operatorA1)),
      });
      expect(queue.json().items.find((r: { id: string }) => r.id === id)).toMatchObject({ source: 'open311' });
    });

    it('earn no points when accepted (a rider report does), and the event says so', async () => {
      const partner = await post('合作方：井盖松动');
      const rider = (await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1 })).json()
        .report.id as string;
      for (const id of [partner, rider]) {
        const res = await act(t.app, w.operatorA1, id, { action: 'accept' });
        expect(res.json().state).toBe('accepted');
      }
      const transfers = async (id: string) =>
        (await t.db.select().from(pointTransfers).where(eq(pointTransfers.sourceId, id))).length;
      expect(await transfers(partner)).toBe(0);
      expect(await transfers(rider)).toBe(1);
      const [event] = await t.db.select().from(reportEvents).where(eq(reportEvents.reportId, partner));
      expect(event!.payload).toMatchObject({ source: 'open311', points: 0 });
      expect(event!.processedAt).not.toBeNull();
    });
  });
});

/** Rebuilds a multipart body with one `media` file appended. */
function withPhoto(body: { payload: Buffer; headers: Record<string, string> }, photo: Buffer) {
  const boundary = body.headers['content-type']!.split('boundary=')[1]!;
  const end = Buffer.from(`--${boundary}--\r\n`);
  const head = body.payload.subarray(0, body.payload.length - end.length);
  const file = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="m.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    photo,
    Buffer.from('\r\n'),
  ]);
  return { payload: Buffer.concat([head, file, end]), headers: body.headers };
}
