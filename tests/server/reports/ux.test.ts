import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { reports, reportUpdates, riderProfiles } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { createUser } from '../../fixtures/factories.js';
import { act, call, createReportWorld, fix, jpeg, submit, type ReportWorld } from '../../fixtures/reports.js';

type User = { id: string; role: string };

// Issue #18 (what people meet): the views carry what a list needs (street, description, age,
// thumbnail, whether the caller filed it), a fix without its photo is refused in Chinese, the
// staff see a masked reporter and the points history names the report.
describe('reports as people meet them: fix photo, list context, own reports, history wording', () => {
  let t: TestContext;
  let w: ReportWorld;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-uploads-'));
    t = await buildTestApp({ UPLOAD_DIR: uploadDir });
    w = await createReportWorld(t.db);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  const file = async (
    point: { lng: number; lat: number },
    rider: User = w.rider,
    fields: Record<string, string> = {},
  ): Promise<string> => {
    const res = await submit(t.app, rider, { category: w.category.pothole.code, point, fields });
    expect(res.statusCode).toBe(201);
    return res.json().report.id as string;
  };
  const get = async (user: User, url: string) => {
    const res = await call(t.app, user, 'GET', url);
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('fixing without the after photo is a 400 naming the photo in Chinese, and changes nothing', async () => {
    const id = await file(w.points.a1);
    for (const action of ['accept', 'dispatch', 'on_site'])
      expect((await act(t.app, w.operatorA1, id, { action })).statusCode).toBe(200);
    const updatesBefore = (await t.db.select().from(reportUpdates).where(eq(reportUpdates.reportId, id))).length;
    const body = expectError(await fix(t.app, w.operatorA1, id, null), 400, 'FIX_PHOTO_REQUIRED');
    expect(body.message).toBe('请上传修复后的照片');
    expect(body.field).toBe('photo');
    const [row] = await t.db.select().from(reports).where(eq(reports.id, id));
    expect(row!.state).toBe('on_site');
    expect((await t.db.select().from(reportUpdates).where(eq(reportUpdates.reportId, id))).length).toBe(updatesBefore);
    // With the photo it goes through.
    const ok = await fix(t.app, w.operatorA1, id, await jpeg());
    expect(ok.statusCode).toBe(200);
    expect(ok.json().state).toBe('fixed');
  });

  it('queue views carry the street (null in the district queue), description, age and a working thumbnail', async () => {
    const inStreet = await file(w.points.a1, w.rider, { description: '路口东侧有个大坑' });
    const outside = await file(w.points.districtQueue);
    const queue = (await get(w.adminA, '/api/v1/staff/reports?group=open&limit=200')).items as {
      id: string;
      streetName: string | null;
      description: string;
      createdAt: string;
      thumbUrl: string | null;
      photos: { thumbUrl: string }[];
    }[];
    const a = queue.find((r) => r.id === inStreet)!;
    const b = queue.find((r) => r.id === outside)!;
    expect(a).toMatchObject({ streetName: '甲一街道', description: '路口东侧有个大坑' });
    expect(b.streetName).toBeNull();
    expect(Number.isNaN(Date.parse(a.createdAt))).toBe(false);
    expect(a.thumbUrl).toBe(a.photos[0]!.thumbUrl);
    expect(a.thumbUrl).toMatch(/^\/media\/photos\/[0-9a-f-]+\/thumb\.jpg\?/);
    // The signed URL needs no token (an <Image> cannot send one) and answers a small JPEG.
    const thumb = await t.app.inject({ method: 'GET', url: a.thumbUrl! });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toContain('image/jpeg');
  });

  it('the rider’s own list carries thumbnails and marks every item as theirs', async () => {
    const id = await file(w.points.a2);
    const mine = (await get(w.rider, '/api/v1/reports/mine')).items as {
      id: string;
      mine: boolean;
      thumbUrl: string | null;
    }[];
    const item = mine.find((r) => r.id === id)!;
    expect(item.mine).toBe(true);
    expect(item.thumbUrl).toMatch(/thumb\.jpg/);
  });

  it('nearby reports say which are the caller’s own, so no 我也遇到 is offered on them', async () => {
    const point = { lng: 116.4321, lat: 39.9321 };
    const id = await file(point);
    const q = `/api/v1/reports/nearby?category=${w.category.pothole.code}&lat=${point.lat}&lng=${point.lng}`;
    const own = (await get(w.rider, q)).items.find((r: { id: string }) => r.id === id);
    const other = (await get(w.rider2, q)).items.find((r: { id: string }) => r.id === id);
    expect(own.mine).toBe(true);
    expect(other.mine).toBe(false);
    // What the flag spares the rider: the server refuses a confirmation of one's own report.
    expectError(await call(t.app, w.rider, 'POST', `/api/v1/reports/${id}/confirmations`), 409, 'OWN_REPORT');
    expect((await call(t.app, w.rider2, 'POST', `/api/v1/reports/${id}/confirmations`)).statusCode).toBe(200);
  });

  it('staff see the reporter masked: the registered name’s first character and the phone’s last four', async () => {
    const wechatRider = await createUser(t.db, 'rider', [], '骑手');
    const registered = await createUser(t.db, 'rider', [], '骑手');
    await t.db.insert(riderProfiles).values({
      userId: registered.id,
      realName: '张建华',
      phone: '13912345678',
      idNumberHash: `hash-${registered.id}`,
      idLast4: '001X',
      platform: 'meituan',
      stationName: '呼家楼站',
      vehicleKind: 'e_bike',
    });
    const a = await file(w.points.a1, wechatRider);
    const b = await file(w.points.a1, registered);
    const nameOf = async (id: string) => (await get(w.operatorA1, `/api/v1/reports/${id}`)).reporterName;
    expect(await nameOf(a)).toBe('骑手（尾号 1234）');
    expect(await nameOf(b)).toBe('张**（尾号 5678）');
    const queue = JSON.stringify(await get(w.operatorA1, '/api/v1/staff/reports?group=all&limit=200'));
    expect(queue).not.toContain('13912345678');
    expect(queue).not.toContain('张建华');
  });

  it('the points history names the category and street of the accepted report, not an id', async () => {
    const rider = await createUser(t.db, 'rider', [], '赵师傅');
    const id = await file(w.points.a1, rider);
    expect((await act(t.app, w.operatorA1, id, { action: 'accept' })).statusCode).toBe(200);
    const history = await get(rider, '/api/v1/points/history');
    expect(history.items).toEqual([
      expect.objectContaining({ reason: 'report_accepted', amount: 2, detail: '随手拍 · 道路坑洼 · 甲一街道' }),
    ]);
    expect(JSON.stringify(history)).not.toContain('上报编号');
  });
});
