import { and, eq, inArray, sql } from 'drizzle-orm';
import { activitySignups, auditLog, notificationOutbox, notifications } from '../../../server/src/db/schema/index.js';
import { createActivitiesContext, remindUpcomingSessions, reminderKey } from '../../../server/src/activities/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { insertStation } from '../stations/support.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createTwoScopes, createUser } from '../../fixtures/factories.js';

type User = { id: string; role: string };
type Scopes = Awaited<ReturnType<typeof createTwoScopes>>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Reminders before a session, the organiser's edits and cancellation, and the last seat.
describe('activities: reminders, edits, cancellation, the last seat', () => {
  let t: TestContext;
  let s: Scopes;
  const base = new Date(Math.floor(Date.now() / HOUR) * HOUR);
  let clock = base;
  const at = (ms: number) => new Date(base.getTime() + ms);

  beforeAll(async () => {
    t = await buildTestApp({ ACTIVITY_REMINDER_LEAD_MINUTES: '120' }, { now: () => clock });
    s = await createTwoScopes(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    clock = base;
  });

  const call = (user: User, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: bearer(accessTokenFor(t.app, user)),
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  const session = (startMs: number, lengthMs = 2 * HOUR) => ({
    startsAt: at(startMs).toISOString(),
    endsAt: at(startMs + lengthMs).toISOString(),
  });
  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await call(s.a.communityAdmin, 'POST', '/activities/staff', {
      title: '安全骑行宣讲',
      kind: '安全宣讲',
      place: { lat: 39.92, lng: 116.46, address: '呼家楼驿站' },
      capacity: 2,
      sessions: [session(DAY)],
      ...overrides,
    });
    expect(res.statusCode === 200 ? 200 : res.body).toBe(200);
    return res.json() as { id: string; sessions: { id: string; seq: number }[] };
  };
  const rider = (name = '骑手') => createUser(t.db, 'rider', [], name);
  const signUp = async (r: User, id: string, payload?: unknown) => {
    const res = await call(r, 'POST', `/activities/${id}/signup`, payload);
    expect(res.statusCode === 200 ? 200 : res.body).toBe(200);
    return res.json() as { status: string; position: number | null };
  };
  const noticesOf = (userId: string, kind: string) =>
    t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
  const ctx = () => createActivitiesContext(t.db, t.config, () => clock);

  describe('reminders', () => {
    it('each confirmed rider is reminded once per session, however often and however concurrently the job runs', async () => {
      const a = await create({ sessions: [session(3 * HOUR), session(8 * DAY)], capacity: 2 });
      const [subscribed, plain, waiting] = [await rider('订阅'), await rider('不订阅'), await rider('候补')];
      expect((await signUp(subscribed, a.id, { subscriptions: ['activity_reminder'] })).status).toBe('confirmed');
      expect((await signUp(plain, a.id)).status).toBe('confirmed');
      expect((await signUp(waiting, a.id, { subscriptions: ['activity_reminder'] })).status).toBe('waiting');
      // An unknown subscription is refused at the door.
      expectError(
        await call(plain, 'POST', `/activities/${a.id}/signup`, { subscriptions: ['x'] }),
        400,
        'VALIDATION_FAILED',
      );

      // Three hours before: outside the 120-minute lead, nothing yet.
      expect(await remindUpcomingSessions(ctx())).toEqual({ activityReminders: 0 });
      clock = at(HOUR + 30 * MINUTE);
      const runs = await Promise.all([remindUpcomingSessions(ctx()), remindUpcomingSessions(ctx())]);
      expect(runs.reduce((n, r) => n + r.activityReminders, 0)).toBe(2);
      expect(await remindUpcomingSessions(ctx())).toEqual({ activityReminders: 0 });

      const s1 = a.sessions[0]!.id;
      for (const r of [subscribed, plain]) {
        const rows = await noticesOf(r.id, 'activity_reminder');
        expect(rows.map((n) => n.dedupeKey)).toEqual([reminderKey(s1)]);
        expect(rows[0]!.body).toContain('安全骑行宣讲');
        expect(rows[0]!.body).toContain('呼家楼驿站');
      }
      expect(await noticesOf(waiting.id, 'activity_reminder')).toHaveLength(0);
      // The subscribe message only for the rider who agreed to it, opening the activity's page.
      const outbox = await t.db
        .select()
        .from(notificationOutbox)
        .where(
          sql`${notificationOutbox.payload}->>'kind' = 'activity_reminder' and ${notificationOutbox.payload}->>'page' like ${`%${a.id}`}`,
        );
      expect(outbox.map((o) => (o.payload as { userId: string }).userId)).toEqual([subscribed.id]);

      // A session already started is not reminded; the second session is, when its time comes.
      clock = at(8 * DAY - HOUR);
      expect(await remindUpcomingSessions(ctx())).toEqual({ activityReminders: 2 });
      expect((await noticesOf(plain.id, 'activity_reminder')).map((n) => n.dedupeKey).sort()).toEqual(
        [reminderKey(s1), reminderKey(a.sessions[1]!.id)].sort(),
      );
    });

    it('a cancelled activity sends no reminders', async () => {
      const a = await create({ sessions: [session(HOUR)] });
      const r = await rider();
      await signUp(r, a.id);
      expect(
        (await call(s.a.communityAdmin, 'POST', `/activities/staff/${a.id}/cancel`, { reason: '天气原因' })).statusCode,
      ).toBe(200);
      await remindUpcomingSessions(ctx());
      expect(await noticesOf(r.id, 'activity_reminder')).toHaveLength(0);
    });
  });

  describe('the organiser edits', () => {
    it('fewer seats than confirmed is a 409 with a Chinese message; more seats move the waiting list up in order', async () => {
      const a = await create({ capacity: 2 });
      const riders = [await rider('一'), await rider('二'), await rider('三'), await rider('四'), await rider('五')];
      const results = [];
      for (const r of riders) results.push(await signUp(r, a.id));
      expect(results.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'waiting', 'waiting', 'waiting']);
      const lower = await call(s.a.communityAdmin, 'PATCH', `/activities/staff/${a.id}`, { capacity: 1 });
      const err = expectError(lower, 409, 'ACTIVITY_CAPACITY_BELOW_CONFIRMED');
      expect(err.message).toMatch(/名额不能少于已报名人数/);
      expect(err.field).toBe('capacity');

      const raised = await call(s.a.communityAdmin, 'PATCH', `/activities/staff/${a.id}`, { capacity: 4 });
      expect(raised.json()).toMatchObject({ capacity: 4, confirmed: 4, waiting: 1 });
      const rows = await t.db.select().from(activitySignups).where(eq(activitySignups.activityId, a.id));
      const statusOf = (u: User) => rows.find((x) => x.riderId === u.id)!.status;
      // Arrival order: the third and fourth move up, the fifth stays first on the waiting list.
      expect(riders.map(statusOf)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed', 'waiting']);
      expect(await noticesOf(riders[2]!.id, 'activity_promoted')).toHaveLength(1);
      expect(await noticesOf(riders[4]!.id, 'activity_promoted')).toHaveLength(0);
      expect((await call(riders[4]!, 'GET', `/activities/${a.id}`)).json().mine).toMatchObject({
        status: 'waiting',
        position: 1,
      });
      // Every signed-up and waiting rider is told of the change of seats.
      for (const r of riders) expect(await noticesOf(r.id, 'activity_changed')).toHaveLength(1);
    });

    it('a new time or place tells every signed-up and waiting rider; a title alone tells no one', async () => {
      const a = await create({ capacity: 1 });
      const [one, two, bystander] = [await rider(), await rider(), await rider()];
      await signUp(one, a.id);
      await signUp(two, a.id);
      const moved = await call(s.a.communityAdmin, 'PATCH', `/activities/staff/${a.id}`, {
        sessions: [session(2 * DAY)],
        place: { lat: 39.93, lng: 116.47, address: '团结湖驿站' },
      });
      expect(moved.statusCode).toBe(200);
      for (const r of [one, two]) {
        const [n] = await noticesOf(r.id, 'activity_changed');
        expect(n!.body).toContain('团结湖驿站');
        expect(n!.body).toContain('时间改为');
      }
      expect(await noticesOf(bystander.id, 'activity_changed')).toHaveLength(0);
      clock = at(MINUTE);
      await call(s.a.communityAdmin, 'PATCH', `/activities/staff/${a.id}`, { title: '安全骑行宣讲（新）' });
      expect(await noticesOf(one.id, 'activity_changed')).toHaveLength(1);
      const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, a.id));
      expect(audit.map((r) => r.action)).toEqual(['activity.create', 'activity.update', 'activity.update']);
    });
  });

  describe('the organiser cancels', () => {
    it('every confirmed and waiting rider is told; sign-up, check-in, edits and a second cancel are refused', async () => {
      const a = await create({ capacity: 1, sessions: [session(HOUR)] });
      const [seated, waiting, late] = [await rider(), await rider(), await rider()];
      await signUp(seated, a.id);
      await signUp(waiting, a.id);
      clock = at(HOUR); // the session has started: check-in is open
      const codeRes = await call(s.a.communityAdmin, 'GET', `/activities/staff/sessions/${a.sessions[0]!.id}/code`);
      const code = codeRes.json().code as string;

      expectError(
        await call(s.b.communityAdmin, 'POST', `/activities/staff/${a.id}/cancel`, { reason: '下雨' }),
        403,
        'OUT_OF_SCOPE',
      );
      expectError(await call(seated, 'POST', `/activities/staff/${a.id}/cancel`, { reason: '下雨' }), 403, 'FORBIDDEN');
      expect(
        expectError(
          await call(s.a.communityAdmin, 'POST', `/activities/staff/${a.id}/cancel`, { reason: '  ' }),
          400,
          'VALIDATION_FAILED',
        ).field,
      ).toBe('reason');
      expectError(
        await call(s.a.communityAdmin, 'POST', `/activities/staff/${a.id}/cancel`, {}),
        400,
        'VALIDATION_FAILED',
      );

      const res = await call(s.a.communityAdmin, 'POST', `/activities/staff/${a.id}/cancel`, { reason: '暴雨预警' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ cancelReason: '暴雨预警', cancelledAt: at(HOUR).toISOString() });
      for (const r of [seated, waiting]) {
        const [n] = await noticesOf(r.id, 'activity_cancelled');
        expect(n!.body).toContain('暴雨预警');
      }
      expect(await noticesOf(late.id, 'activity_cancelled')).toHaveLength(0);

      const refused = expectError(await call(late, 'POST', `/activities/${a.id}/signup`), 409, 'ACTIVITY_CANCELLED');
      expect(refused.message).toBe('活动已取消');
      expectError(await call(seated, 'POST', '/activities/check-ins', { code }), 409, 'ACTIVITY_CANCELLED');
      expectError(
        await call(s.a.communityAdmin, 'PATCH', `/activities/staff/${a.id}`, { capacity: 5 }),
        409,
        'ACTIVITY_CANCELLED',
      );
      expectError(
        await call(s.a.communityAdmin, 'POST', `/activities/staff/${a.id}/cancel`, { reason: '再取消' }),
        409,
        'ACTIVITY_CANCELLED',
      );

      // Gone from what riders browse; still in the rider's own list, marked cancelled.
      const list = (await call(late, 'GET', '/activities')).json().items as { id: string }[];
      expect(list.map((x) => x.id)).not.toContain(a.id);
      const mine = (await call(seated, 'GET', '/activities/mine')).json().items as {
        id: string;
        cancelledAt: string;
      }[];
      expect(mine.find((x) => x.id === a.id)?.cancelledAt).toBe(at(HOUR).toISOString());
      const audit = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, a.id), eq(auditLog.action, 'activity.cancel')));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.after).toMatchObject({ cancelled: true, reason: '暴雨预警' });
    });
  });

  describe('the station picker', () => {
    it('an organiser finds the stations of its area by name and holds the activity at one', async () => {
      const mine = await insertStation(t.db, {
        districtId: s.district.id,
        streetId: s.a.street.id,
        name: '呼家楼骑手驿站',
        address: '呼家楼南里 3 号',
        lat: 39.921,
        lng: 116.461,
      });
      const other = await insertStation(t.db, {
        districtId: s.otherDistrict.id,
        streetId: s.b.street.id,
        name: '呼家楼乙站',
      });
      await insertStation(t.db, { districtId: s.district.id, name: '呼家楼区站' });
      await insertStation(t.db, {
        districtId: s.district.id,
        streetId: s.a.street.id,
        name: '呼家楼闭站',
        status: 'closed',
      });
      const search = async (u: User, q: string) =>
        (
          (await call(u, 'GET', `/activities/staff/stations?q=${encodeURIComponent(q)}`)).json().items as {
            id: string;
            name: string;
          }[]
        ).map((x) => x.name);
      expect(await search(s.a.communityAdmin, '呼家楼')).toEqual(['呼家楼骑手驿站']);
      expect(await search(s.a.streetOperator, '南里')).toEqual(['呼家楼骑手驿站']);
      expect((await search(s.districtAdmin, '呼家楼')).sort()).toEqual(['呼家楼区站', '呼家楼骑手驿站'].sort());
      expect(await search(s.a.communityAdmin, '%')).toEqual([]);
      expectError(await call(s.rider, 'GET', '/activities/staff/stations'), 403, 'FORBIDDEN');

      const a = await create({ place: { stationId: mine.id } });
      const detail = (await call(s.rider, 'GET', `/activities/${a.id}`)).json();
      expect(detail).toMatchObject({
        stationId: mine.id,
        stationName: '呼家楼骑手驿站',
        address: '呼家楼南里 3 号',
        lat: 39.921,
      });
      // Another street's station is out of the community admin's area.
      expectError(
        await call(s.a.communityAdmin, 'POST', '/activities/staff', {
          title: '越界',
          kind: '文体',
          capacity: 5,
          sessions: [session(DAY)],
          place: { stationId: other.id },
        }),
        403,
        'OUT_OF_SCOPE',
      );
    });
  });

  describe('the last seat', () => {
    it('500 riders at once for 50 seats: exactly 50 confirmed, the rest waiting in arrival order', async () => {
      const a = await create({ capacity: 50, title: '夜校第一课' });
      // 500 riders in one statement (not 500 registrations).
      const ids = (
        (await t.db.execute(sql`
          insert into users (openid, role, display_name, phone_last4)
            select 'last-seat-' || n || '-' || ${a.id}, 'rider', '抢位骑手' || n, '0000' from generate_series(1, 500) as n
          returning id`)) as unknown as { rows: unknown[] }
      ).rows as { id: string }[];
      const riders = ids.map((r) => ({ id: r.id, role: 'rider' }));
      const results = await Promise.all(
        riders.map(async (r) => {
          const res = await call(r, 'POST', `/activities/${a.id}/signup`);
          expect(res.statusCode === 200 ? 200 : res.body).toBe(200);
          return { riderId: r.id, ...(res.json() as { status: string; position: number | null }) };
        }),
      );
      expect(results.filter((r) => r.status === 'confirmed')).toHaveLength(50);
      expect(results.filter((r) => r.status === 'waiting')).toHaveLength(450);

      const rows = await t.db
        .select()
        .from(activitySignups)
        .where(eq(activitySignups.activityId, a.id))
        .orderBy(activitySignups.seq);
      expect(rows).toHaveLength(500);
      // Arrival order is 1..500 without gaps or repeats; the first 50 arrivals hold the seats.
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
      expect(rows.slice(0, 50).every((r) => r.status === 'confirmed')).toBe(true);
      expect(rows.slice(50).every((r) => r.status === 'waiting')).toBe(true);
      // Each waiting rider was told its place in the queue, and that place is its arrival rank.
      const told = new Map(results.map((r) => [r.riderId, r.position]));
      expect(rows.slice(50).map((r) => told.get(r.riderId))).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));

      const view = (await call(s.a.communityAdmin, 'GET', `/activities/staff/${a.id}`)).json();
      expect(view.activity).toMatchObject({ capacity: 50, confirmed: 50, waiting: 450 });

      // A cancelled seat goes to the first waiting rider, once.
      const first = rows[0]!;
      const next = rows[50]!;
      await call({ id: first.riderId, role: 'rider' }, 'POST', `/activities/${a.id}/cancel`);
      const after = await t.db
        .select({ riderId: activitySignups.riderId, status: activitySignups.status })
        .from(activitySignups)
        .where(
          and(eq(activitySignups.activityId, a.id), inArray(activitySignups.riderId, [first.riderId, next.riderId])),
        );
      expect(Object.fromEntries(after.map((r) => [r.riderId, r.status]))).toEqual({
        [first.riderId]: 'cancelled',
        [next.riderId]: 'confirmed',
      });
    });
  });
});
