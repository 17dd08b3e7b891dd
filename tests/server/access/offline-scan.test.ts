import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { accessEvents } from '../../../server/src/db/schema/index.js';
import { gateCodeUrl } from '../../../server/src/access/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { applyAndApprove, createAccessWorld, register } from '../../fixtures/access.js';

type World = Awaited<ReturnType<typeof createAccessWorld>>;

// A gate scan the app kept without network is sent when the network is back: recorded once per
// key as 离线补录 at the phone's time (up to ACCESS_OFFLINE_SCAN_HOURS old), judged at that time,
// opening nothing.
describe('gate scans kept offline (离线补录)', () => {
  let t: TestContext;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await createAccessWorld(t.app, t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  const code = () => gateCodeUrl(t.config.access, w.gateA.id, w.gateA.codeVersion);
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
  const scan = (headers: Record<string, string>, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/access/scans', headers, payload });
  async function approvedRider() {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    await register(t.app, headers);
    await applyAndApprove(t.app, headers, w.a.community.id, w.adminA);
    return { user, headers };
  }
  const eventsOf = (riderId: string) => t.db.select().from(accessEvents).where(eq(accessEvents.riderId, riderId));

  it('is recorded at the phone’s time, once however often the app sends it, and shown as 离线补录 in the log', async () => {
    const r = await approvedRider();
    const key = randomUUID();
    const body = { code: code(), scannedAt: hoursAgo(2), offline: { key } };
    const first = await scan(r.headers, body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ granted: true, offline: true, repeated: false, message: '已准入' });
    // The answer was lost; the outbox sends it again with the same key.
    const again = await scan(r.headers, body);
    expect(again.json()).toMatchObject({ eventId: first.json().eventId, granted: true, offline: true, repeated: true });

    const rows = await eventsOf(r.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.scannedAt.toISOString()).toBe(body.scannedAt);
    expect(rows[0]!.createdAt.getTime() - rows[0]!.scannedAt.getTime()).toBeGreaterThan(3600_000);

    const log = (
      await t.app.inject({ method: 'GET', url: `/api/v1/access/events?gateId=${w.gateA.id}`, headers: w.adminA })
    ).json();
    expect(log.items.find((e: { id: string }) => e.id === first.json().eventId)).toMatchObject({ offline: true });
    const csv = (
      await t.app.inject({ method: 'GET', url: `/api/v1/access/events.csv?gateId=${w.gateA.id}`, headers: w.adminA })
    ).body;
    expect(csv.split('\r\n')[0]).toContain('离线补录');
    expect(csv.split('\r\n').some((line) => line.includes(',"是",'))).toBe(true);
  });

  it('does not count as the rider’s last scan there: a live scan right after is its own event', async () => {
    const r = await approvedRider();
    const live = await scan(r.headers, { code: code(), scannedAt: new Date().toISOString() });
    const offline = await scan(r.headers, { code: code(), scannedAt: hoursAgo(1), offline: { key: randomUUID() } });
    const liveAgain = await scan(r.headers, { code: code(), scannedAt: new Date().toISOString() });
    expect(offline.json().eventId).not.toBe(live.json().eventId);
    // Within the de-duplication window of the first live scan: the same event, the offline one in between ignored.
    expect(liveAgain.json()).toMatchObject({ eventId: live.json().eventId, repeated: true, offline: false });
    expect(await eventsOf(r.user.id)).toHaveLength(2);
  });

  it('opens nothing: a smart gate’s device never receives it', async () => {
    const key = (
      await t.app.inject({ method: 'POST', url: `/api/v1/access/gates/${w.gateA.id}/device-key`, headers: w.adminA })
    ).json().deviceKey as string;
    const poll = (query: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/access/gates/${w.gateA.id}/grants?${query}`,
        headers: { 'x-device-key': key },
      });
    const start = (await poll('wait=0')).json();
    const r = await approvedRider();
    const res = await scan(r.headers, { code: code(), scannedAt: hoursAgo(0.5), offline: { key: randomUUID() } });
    expect(res.json().granted).toBe(true);
    expect((await poll(`wait=0&cursor=${start.cursor}`)).json().items).toEqual([]);
  });

  it('older than the window is refused in Chinese and recorded once; a live scan keeps the 5-minute window', async () => {
    const r = await approvedRider();
    const key = randomUUID();
    const old = { code: code(), scannedAt: hoursAgo(13), offline: { key } };
    const res = await scan(r.headers, old);
    expect(expectError(res, 400, 'OFFLINE_SCAN_TOO_OLD').field).toBe('scannedAt');
    expect(res.json().message).toBe('离线扫码已超过 12 小时，不再补录');
    expectError(await scan(r.headers, old), 400, 'OFFLINE_SCAN_TOO_OLD');
    const rows = await eventsOf(r.user.id);
    expect(rows.map((e) => [e.reason, e.offlineKey])).toEqual([['OFFLINE_SCAN_TOO_OLD', key]]);

    // Without the offline mark, a scan two hours old is still a stale or replayed one.
    expectError(await scan(r.headers, { code: code(), scannedAt: hoursAgo(2) }), 400, 'SCAN_TIME_INVALID');
    // And never from the future, offline or not.
    const future = new Date(Date.now() + 3600_000).toISOString();
    expectError(
      await scan(r.headers, { code: code(), scannedAt: future, offline: { key: randomUUID() } }),
      400,
      'SCAN_TIME_INVALID',
    );
  });

  it('refuses a malformed key with the field named in Chinese', async () => {
    const r = await approvedRider();
    const res = await scan(r.headers, { code: code(), scannedAt: hoursAgo(1), offline: { key: 'a b' } });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.json().message).toContain('补录编号');
  });

  it('is judged at its own time: an unregistered rider is refused, with the reason, recorded late', async () => {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    const res = await scan(headers, { code: code(), scannedAt: hoursAgo(3), offline: { key: randomUUID() } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ granted: false, offline: true });
    const [row] = await eventsOf(user.id);
    expect(row!.granted).toBe(false);
    expect(row!.offlineKey).not.toBeNull();
  });
});
