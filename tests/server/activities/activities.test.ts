import fs from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import {
  activities,
  activityAttendances,
  activitySignups,
  auditLog,
  notifications,
  users,
} from '../../../server/src/db/schema/index.js';
import { issueRiderCode } from '../../../server/src/access/index.js';
import { issueActivityCode } from '../../../server/src/activities/index.js';
import { REPO_ROOT } from '../../../server/src/platform/config.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createTwoScopes, createUser } from '../../fixtures/factories.js';

type User = { id: string; role: string };
type Scopes = Awaited<ReturnType<typeof createTwoScopes>>;

const ARTIFACTS = path.join(REPO_ROOT, 'artifacts');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('activities: publish, sign up with a waiting list, check in for points', () => {
  let t: TestContext;
  let s: Scopes;
  // The clock of every use case; each test sets it.
  const base = new Date(Math.floor(Date.now() / HOUR) * HOUR);
  let clock = base;
  const at = (ms: number) => new Date(base.getTime() + ms);

  beforeAll(async () => {
    t = await buildTestApp({}, { now: () => clock });
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

  /** A session `startInDays` from base, two hours long, 19:00-ish. */
  const session = (startInDays: number) => ({
    startsAt: at(startInDays * DAY).toISOString(),
    endsAt: at(startInDays * DAY + 2 * HOUR).toISOString(),
  });

  const body = (overrides: Record<string, unknown> = {}) => ({
    title: '健康义诊',
    kind: '义诊',
    description: '量血压、测血糖',
    place: { lat: 39.92, lng: 116.46, address: '呼家楼驿站旁' },
    capacity: 2,
    audience: '骑手及家属',
    sessions: [session(2)],
    ...overrides,
  });

  const create = async (staff: User = s.a.communityAdmin, overrides: Record<string, unknown> = {}) => {
    const res = await call(staff, 'POST', '/activities/staff', body(overrides));
    expect(res.statusCode === 200 ? 200 : res.body).toBe(200);
    return res.json() as { id: string; sessions: { id: string; seq: number }[] };
  };

  const rider = (name = '骑手') => createUser(t.db, 'rider', [], name);
  const code = async (staff: User, sessionId: string) =>
    (await call(staff, 'GET', `/activities/staff/sessions/${sessionId}/code`)).json() as {
      code: string;
      digits: string;
      qrDataUrl: string;
      refreshInSeconds: number;
    };
  const available = async (r: User) => (await call(r, 'GET', '/points/summary')).json().available as number;

  describe('organisers', () => {
    it('a community admin publishes in its own community; the row is audited', async () => {
      const a = await create(s.a.communityAdmin, { sessions: [session(9), session(2)] });
      expect(a).toMatchObject({ title: '健康义诊', kind: '义诊', capacity: 2, confirmed: 0, organiser: 'A小区' });
      // Sessions are numbered in time order, whatever order they came in.
      expect(a.sessions.map((x) => x.seq)).toEqual([1, 2]);
      const [row] = await t.db.select().from(activities).where(eq(activities.id, a.id));
      expect(row).toMatchObject({ communityId: s.a.community.id, streetId: s.a.street.id, districtId: s.district.id });
      const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, a.id));
      expect(audit.map((r) => r.action)).toEqual(['activity.create']);
    });

    it('each organiser manages only its own area; a rider cannot publish', async () => {
      expectError(
        await call(s.a.communityAdmin, 'POST', '/activities/staff', body({ communityId: s.b.community.id })),
        403,
        'OUT_OF_SCOPE',
      );
      expectError(
        await call(s.a.streetOperator, 'POST', '/activities/staff', body({ streetId: s.b.street.id })),
        403,
        'OUT_OF_SCOPE',
      );
      expectError(await call(s.rider, 'POST', '/activities/staff', body()), 403, 'FORBIDDEN');
      // A street operator may publish for a community of its street; the district admin sees both.
      const street = await create(s.a.streetOperator, { title: '街道安全宣讲', kind: '安全宣讲' });
      const inCommunity = await create(s.a.streetOperator, { communityId: s.a.community.id, title: '社区家庭日' });
      const other = await create(s.b.streetOperator, { title: '乙区课程' });
      const listOf = async (u: User) =>
        ((await call(u, 'GET', '/activities/staff')).json().items as { id: string }[]).map((x) => x.id);
      expect(await listOf(s.districtAdmin)).toEqual(expect.arrayContaining([street.id, inCommunity.id]));
      expect(await listOf(s.districtAdmin)).not.toContain(other.id);
      expect(await listOf(s.a.communityAdmin)).toContain(inCommunity.id);
      expect(await listOf(s.a.communityAdmin)).not.toContain(street.id);
      expectError(await call(s.a.communityAdmin, 'GET', `/activities/staff/${street.id}`), 403, 'OUT_OF_SCOPE');
      expectError(await call(s.otherDistrictAdmin, 'GET', `/activities/staff/${inCommunity.id}`), 403, 'OUT_OF_SCOPE');
      expectError(
        await call(s.b.communityAdmin, 'PATCH', `/activities/staff/${inCommunity.id}`, { capacity: 9 }),
        403,
        'OUT_OF_SCOPE',
      );
      expectError(
        await call(s.b.communityAdmin, 'GET', `/activities/staff/sessions/${other.sessions[0]!.id}/code`),
        403,
        'OUT_OF_SCOPE',
      );
    });

    it('refuses bad sessions, windows and places with a Chinese message, writing nothing', async () => {
      const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(activities))[0]!.n;
      const backwards = { startsAt: at(3 * DAY).toISOString(), endsAt: at(3 * DAY - HOUR).toISOString() };
      expect(
        expectError(
          await call(s.a.communityAdmin, 'POST', '/activities/staff', body({ sessions: [backwards] })),
          400,
          'ACTIVITY_SESSIONS_INVALID',
        ).field,
      ).toBe('sessions');
      expectError(
        await call(s.a.communityAdmin, 'POST', '/activities/staff', body({ sessions: [session(-2)] })),
        400,
        'ACTIVITY_ENDED',
      );
      expectError(
        await call(
          s.a.communityAdmin,
          'POST',
          '/activities/staff',
          body({ signupClosesAt: at(30 * DAY).toISOString() }),
        ),
        400,
        'ACTIVITY_SIGNUP_WINDOW_INVALID',
      );
      expectError(
        await call(s.a.communityAdmin, 'POST', '/activities/staff', body({ kind: '聚餐' })),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await call(s.a.communityAdmin, 'POST', '/activities/staff', body({ capacity: 0 })),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await call(s.a.communityAdmin, 'POST', '/activities/staff', body({ place: { address: '没有坐标' } })),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await call(
          s.a.communityAdmin,
          'POST',
          '/activities/staff',
          body({ place: { stationId: crypto.randomUUID() } }),
        ),
        400,
        'ACTIVITY_PLACE_REQUIRED',
      );
      const after = (await t.db.select({ n: sql<number>`count(*)::int` }).from(activities))[0]!.n;
      expect(after).toBe(before);
    });
  });

  describe('sign-up and the waiting list', () => {
    it('a full activity puts riders on the waiting list; a cancel moves the first up with a notice', async () => {
      const a = await create();
      const [r1, r2, r3, r4] = [await rider('一'), await rider('二'), await rider('三'), await rider('四')];
      const signup = async (r: User) => (await call(r, 'POST', `/activities/${a.id}/signup`)).json();
      expect(await signup(r1)).toEqual({ status: 'confirmed', position: null, attended: 0 });
      expect(await signup(r2)).toMatchObject({ status: 'confirmed' });
      expect(await signup(r3)).toEqual({ status: 'waiting', position: 1, attended: 0 });
      expect(await signup(r4)).toEqual({ status: 'waiting', position: 2, attended: 0 });
      // Signing up again changes nothing.
      expect(await signup(r3)).toEqual({ status: 'waiting', position: 1, attended: 0 });
      const detail = (await call(r4, 'GET', `/activities/${a.id}`)).json();
      expect(detail).toMatchObject({ confirmed: 2, waiting: 2, mine: { status: 'waiting', position: 2 } });

      const cancelled = await call(r1, 'POST', `/activities/${a.id}/cancel`);
      expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
      expect((await call(r3, 'GET', `/activities/${a.id}`)).json().mine).toMatchObject({ status: 'confirmed' });
      expect((await call(r4, 'GET', `/activities/${a.id}`)).json().mine).toMatchObject({
        status: 'waiting',
        position: 1,
      });
      const inbox = await t.db.select().from(notifications).where(eq(notifications.userId, r3.id));
      expect(inbox).toEqual([expect.objectContaining({ kind: 'activity_promoted', title: '候补成功' })]);
      expect(inbox[0]!.body).toContain('健康义诊');

      // A waiting rider who cancels frees no seat; signing up again is a new arrival at the end.
      await call(r4, 'POST', `/activities/${a.id}/cancel`);
      expect(await signup(r1)).toEqual({ status: 'waiting', position: 1, attended: 0 });
      expectError(await call(r4, 'POST', `/activities/${a.id}/cancel`), 409, 'NOT_SIGNED_UP');
      const mine = (await call(r3, 'GET', '/activities/mine')).json().items;
      expect(mine.map((x: { id: string }) => x.id)).toEqual([a.id]);
    });

    it('more seats move the waiting list up; fewer than confirmed are refused', async () => {
      const a = await create(s.a.communityAdmin, { capacity: 1 });
      const [r1, r2, r3] = [await rider(), await rider(), await rider()];
      for (const r of [r1, r2, r3]) await call(r, 'POST', `/activities/${a.id}/signup`);
      expectError(
        await call(s.a.communityAdmin, 'PATCH', `/activities/staff/${a.id}`, { capacity: 0 }),
        400,
        'VALIDATION_FAILED',
      );
      const res = await call(s.a.communityAdmin, 'PATCH', `/activities/staff/${a.id}`, { capacity: 2 });
      expect(res.json()).toMatchObject({ capacity: 2, confirmed: 2, waiting: 1 });
      expect((await call(r2, 'GET', `/activities/${a.id}`)).json().mine.status).toBe('confirmed');
      const lower = await call(s.a.communityAdmin, 'PATCH', `/activities/staff/${a.id}`, { capacity: 1 });
      expect(expectError(lower, 409, 'ACTIVITY_CAPACITY_BELOW_CONFIRMED').field).toBe('capacity');
      const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, a.id));
      expect(audit.map((r) => r.action).sort()).toEqual(['activity.create', 'activity.update']);
    });

    it('the sign-up window and the start are kept', async () => {
      const a = await create(s.a.communityAdmin, {
        signupOpensAt: at(DAY).toISOString(),
        signupClosesAt: at(DAY + 2 * HOUR).toISOString(),
      });
      const r = await rider();
      expectError(await call(r, 'POST', `/activities/${a.id}/signup`), 400, 'SIGNUP_NOT_OPEN');
      clock = at(DAY + HOUR);
      expect((await call(r, 'POST', `/activities/${a.id}/signup`)).json().status).toBe('confirmed');
      clock = at(DAY + 3 * HOUR);
      expectError(await call(await rider(), 'POST', `/activities/${a.id}/signup`), 400, 'SIGNUP_CLOSED');
      clock = at(2 * DAY + HOUR);
      expectError(await call(r, 'POST', `/activities/${a.id}/cancel`), 400, 'CANCEL_TOO_LATE');
      expectError(await call(r, 'POST', `/activities/${crypto.randomUUID()}/signup`), 404, 'NOT_FOUND');
    });

    it('the last seat is exact: 60 riders at once for 5 seats → 5 confirmed, 55 waiting in arrival order', async () => {
      const a = await create(s.a.communityAdmin, { capacity: 5 });
      const riders = await Promise.all(Array.from({ length: 60 }, () => rider()));
      const results = await Promise.all(
        riders.map(async (r) => (await call(r, 'POST', `/activities/${a.id}/signup`)).json()),
      );
      expect(results.filter((x) => x.status === 'confirmed')).toHaveLength(5);
      const rows = await t.db
        .select()
        .from(activitySignups)
        .where(eq(activitySignups.activityId, a.id))
        .orderBy(activitySignups.seq);
      expect(rows).toHaveLength(60);
      // Arrival order is one sequence 1..60; the first five arrivals hold the seats.
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(rows.slice(0, 5).every((r) => r.status === 'confirmed')).toBe(true);
      expect(rows.slice(5).every((r) => r.status === 'waiting')).toBe(true);
      // Each waiting rider was told a distinct place, and the places are 1..55 in arrival order.
      const positions = results.filter((x) => x.status === 'waiting').map((x) => x.position as number);
      expect([...positions].sort((x, y) => x - y)).toEqual(Array.from({ length: 55 }, (_, i) => i + 1));
      const detail = (await call(riders[0]!, 'GET', `/activities/${a.id}`)).json();
      expect(detail).toMatchObject({ confirmed: 5, waiting: 55 });
      // Two cancels at once move exactly the first two waiting up.
      const holders = rows.slice(0, 2).map((r) => riders.find((x) => x.id === r.riderId)!);
      await Promise.all(holders.map((h) => call(h, 'POST', `/activities/${a.id}/cancel`)));
      const after = await t.db
        .select()
        .from(activitySignups)
        .where(eq(activitySignups.activityId, a.id))
        .orderBy(activitySignups.seq);
      expect(after.filter((r) => r.status === 'confirmed').map((r) => Number(r.seq))).toEqual([3, 4, 5, 6, 7]);
    });
  });

  describe('check-in', () => {
    it('the rider scans the rotating code: counted once, credited once, however often it is sent', async () => {
      const a = await create(s.a.communityAdmin, {
        title: '夜校第一课',
        kind: '课程',
        sessions: [session(2), session(9)],
      });
      const r = await rider('李雷');
      await call(r, 'POST', `/activities/${a.id}/signup`);
      const s1 = a.sessions[0]!.id;

      // Not yet open (more than 30 minutes before the start).
      clock = at(2 * DAY - 2 * HOUR);
      const early = await code(s.a.communityAdmin, s1);
      expectError(await call(r, 'POST', '/activities/check-ins', { code: early.code }), 400, 'CHECKIN_NOT_OPEN');

      clock = at(2 * DAY + 10 * 60_000);
      const shown = await code(s.a.communityAdmin, s1);
      expect(shown.qrDataUrl).toMatch(/^data:image\/png;base64,/);
      expect(shown.digits).toMatch(/^\d{6}$/);
      const results = await Promise.all(
        [1, 2, 3].map(async () => (await call(r, 'POST', '/activities/check-ins', { code: shown.code })).json()),
      );
      expect(results.filter((x) => x.firstTime)).toHaveLength(1);
      expect(results.find((x) => x.firstTime)).toMatchObject({
        title: '夜校第一课',
        sessionSeq: 1,
        points: 5,
        riderName: '李雷',
      });
      expect(results.filter((x) => !x.firstTime).every((x) => x.points === 0)).toBe(true);
      expect(await available(r)).toBe(5);
      const rows = await t.db
        .select()
        .from(activityAttendances)
        .where(and(eq(activityAttendances.riderId, r.id), eq(activityAttendances.sessionId, s1)));
      expect(rows).toHaveLength(1);

      // A code two steps old is refused; a forged one too.
      clock = at(2 * DAY + 12 * 60_000);
      expectError(await call(r, 'POST', '/activities/check-ins', { code: shown.code }), 410, 'ACTIVITY_CODE_EXPIRED');
      const forged = `${shown.code.slice(0, -4)}AAAA`;
      expectError(await call(r, 'POST', '/activities/check-ins', { code: forged }), 400, 'ACTIVITY_CODE_INVALID');
      expectError(await call(r, 'POST', '/activities/check-ins', { code: 'hello' }), 400, 'ACTIVITY_CODE_INVALID');
      // A gate's code is not an activity's, even signed with the same keys.
      const gateLike = issueActivityCode(t.config.access, s1, clock).code.replace('NXA1', 'NXG1');
      expectError(await call(r, 'POST', '/activities/check-ins', { code: gateLike }), 400, 'ACTIVITY_CODE_INVALID');

      // The second evening: the rider types the six digits (H5 cannot scan).
      clock = at(9 * DAY + 5 * 60_000);
      const second = await code(s.a.communityAdmin, a.sessions[1]!.id);
      const typed = `${second.digits.slice(0, 3)} ${second.digits.slice(3)}`;
      expect((await call(r, 'POST', '/activities/check-ins', { code: typed })).json()).toMatchObject({
        firstTime: true,
        sessionSeq: 2,
      });
      expect(await available(r)).toBe(10);
      expectError(
        await call(r, 'POST', '/activities/check-ins', { code: '000000' === second.digits ? '000001' : '000000' }),
        400,
        'ACTIVITY_CODE_INVALID',
      );
      expect((await call(r, 'GET', `/activities/${a.id}`)).json().mine).toMatchObject({ attended: 2 });
      // Sessions cannot be replaced once someone has checked in.
      expectError(
        await call(s.a.communityAdmin, 'PATCH', `/activities/staff/${a.id}`, { sessions: [session(20)] }),
        409,
        'ACTIVITY_SESSIONS_LOCKED',
      );
    });

    it('only a rider holding a seat checks in', async () => {
      const a = await create(s.a.communityAdmin, { capacity: 1 });
      const [holder, waiting, stranger] = [await rider(), await rider(), await rider()];
      await call(holder, 'POST', `/activities/${a.id}/signup`);
      await call(waiting, 'POST', `/activities/${a.id}/signup`);
      clock = at(2 * DAY);
      const { code: c, digits } = await code(s.a.communityAdmin, a.sessions[0]!.id);
      expectError(await call(waiting, 'POST', '/activities/check-ins', { code: c }), 403, 'CHECKIN_NOT_CONFIRMED');
      expectError(await call(stranger, 'POST', '/activities/check-ins', { code: c }), 403, 'CHECKIN_NOT_CONFIRMED');
      // Typed digits only match the sessions of activities the rider holds a seat in.
      expectError(
        await call(stranger, 'POST', '/activities/check-ins', { code: digits }),
        400,
        'ACTIVITY_CODE_INVALID',
      );
      expect(await available(stranger)).toBe(0);
    });

    it('the organiser enters the rider’s own code: audited, once; another area’s organiser cannot', async () => {
      const a = await create(s.a.communityAdmin, { title: '法律咨询', kind: '法律咨询' });
      const r = await rider('韩梅梅');
      await call(r, 'POST', `/activities/${a.id}/signup`);
      clock = at(2 * DAY + HOUR);
      const s1 = a.sessions[0]!.id;
      const riderCode = issueRiderCode(t.config.access, r.id, clock).code;
      expectError(
        await call(s.b.communityAdmin, 'POST', `/activities/staff/sessions/${s1}/check-ins`, { code: riderCode }),
        403,
        'OUT_OF_SCOPE',
      );
      const ok = await call(s.a.streetOperator, 'POST', `/activities/staff/sessions/${s1}/check-ins`, {
        code: riderCode,
      });
      expect(ok.json()).toMatchObject({ firstTime: true, riderName: '韩梅梅', points: 5 });
      const again = await call(s.a.communityAdmin, 'POST', `/activities/staff/sessions/${s1}/check-ins`, {
        code: riderCode,
      });
      expect(again.json()).toMatchObject({ firstTime: false, points: 0 });
      expect(await available(r)).toBe(5);
      const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, s1));
      expect(audit.map((x) => x.action)).toEqual(['activity.checkin']);
      expectError(
        await call(s.a.communityAdmin, 'POST', `/activities/staff/sessions/${s1}/check-ins`, { code: 'NXR1.x.y.z' }),
        400,
        'RIDER_CODE_INVALID',
      );
      const stale = issueRiderCode(t.config.access, r.id, new Date(clock.getTime() - 5 * 60_000)).code;
      expectError(
        await call(s.a.communityAdmin, 'POST', `/activities/staff/sessions/${s1}/check-ins`, { code: stale }),
        410,
        'RIDER_CODE_EXPIRED',
      );
    });

    it('the rule’s daily cap holds across activities: three the same day earn 10, not 15', async () => {
      const r = await rider();
      const list = [];
      for (let i = 0; i < 3; i++)
        list.push(await create(s.a.communityAdmin, { title: `文体活动${i}`, kind: '文体', sessions: [session(4)] }));
      for (const a of list) await call(r, 'POST', `/activities/${a.id}/signup`);
      clock = at(4 * DAY + HOUR);
      const points = [];
      for (const a of list) {
        const { code: c } = await code(s.a.communityAdmin, a.sessions[0]!.id);
        points.push((await call(r, 'POST', '/activities/check-ins', { code: c })).json().points);
      }
      expect(points).toEqual([5, 5, 0]);
      expect(await available(r)).toBe(10);
      // The check-in itself still counts.
      const attended = await t.db.select().from(activityAttendances).where(eq(activityAttendances.riderId, r.id));
      expect(attended).toHaveLength(3);
    });
  });

  describe('roster', () => {
    it('shows attendance and no-shows, phones masked; the CSV is formula-guarded', async () => {
      const a = await create(s.a.communityAdmin, { capacity: 2, sessions: [session(2), session(3)] });
      const came = await rider('=HYPERLINK("http://x")');
      const absent = await rider('王五');
      const waiting = await rider('赵六');
      for (const r of [came, absent, waiting]) await call(r, 'POST', `/activities/${a.id}/signup`);
      clock = at(2 * DAY + HOUR);
      const { code: c } = await code(s.a.communityAdmin, a.sessions[0]!.id);
      await call(came, 'POST', '/activities/check-ins', { code: c });
      clock = at(3 * DAY + 5 * HOUR);
      const roster = (await call(s.a.communityAdmin, 'GET', `/activities/staff/${a.id}`)).json();
      expect(roster.rows).toEqual([
        expect.objectContaining({
          name: came.displayName,
          status: 'confirmed',
          attended: [1],
          noShows: 1,
          phoneMasked: '尾号1234',
        }),
        expect.objectContaining({ name: '王五', status: 'confirmed', attended: [], noShows: 2 }),
        expect.objectContaining({ name: '赵六', status: 'waiting', position: 1, noShows: 0 }),
      ]);
      expect(roster.checkins).toEqual([
        { sessionSeq: 1, count: 1 },
        { sessionSeq: 2, count: 0 },
      ]);
      const csv = await call(s.a.streetOperator, 'GET', `/activities/staff/${a.id}/roster.csv`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe('"姓名","手机","状态","候补位置","报名时间","第1场","第2场","出勤场次","缺席场次"');
      expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)","尾号1234","已报名","",".*","已签到","","1","1"$/);
      expect(lines).toHaveLength(4);
      expectError(await call(s.b.communityAdmin, 'GET', `/activities/staff/${a.id}/roster.csv`), 403, 'OUT_OF_SCOPE');
    });
  });

  describe('browse', () => {
    it('lists what is to come by kind, this week and near a point', async () => {
      const kind = '家庭日';
      const soon = await create(s.a.communityAdmin, { kind, title: '本周家庭日', sessions: [session(0.5)] });
      const later = await create(s.a.communityAdmin, {
        kind,
        title: '下月家庭日',
        sessions: [session(20)],
        place: { lat: 31.23, lng: 121.47, address: '上海' },
      });
      const r = await rider();
      const ids = async (q: string) =>
        ((await call(r, 'GET', `/activities?${q}`)).json().items as { id: string }[]).map((x) => x.id);
      expect(await ids(`kind=${encodeURIComponent(kind)}`)).toEqual([soon.id, later.id]);
      expect(await ids(`kind=${encodeURIComponent(kind)}&thisWeek=true`)).toEqual([soon.id]);
      expect(await ids(`kind=${encodeURIComponent(kind)}&lat=39.92&lng=116.46&radiusM=5000`)).toEqual([soon.id]);
      const near = (await call(r, 'GET', `/activities?kind=${encodeURIComponent(kind)}&lat=39.92&lng=116.46`)).json();
      expect(near.items[0].distanceM).toBe(0);
      expectError(await call(r, 'GET', '/activities?lat=39.9'), 400, 'VALIDATION_FAILED');
      expectError(await call(r, 'GET', '/activities?kind=聚餐'), 400, 'VALIDATION_FAILED');
      expectError(await call(s.a.communityAdmin, 'GET', '/activities'), 403, 'FORBIDDEN');
    });
  });

  describe('结业证书', () => {
    it('a course finished with 3 of 4 sessions attended gives a PNG whose code anyone can verify', async () => {
      const a = await create(s.a.communityAdmin, {
        title: '丰台夜校·手机摄影',
        kind: '课程',
        sessions: [session(2), session(3), session(4), session(5)],
      });
      const good = await rider('周七');
      const lazy = await rider('吴八');
      for (const r of [good, lazy]) await call(r, 'POST', `/activities/${a.id}/signup`);
      for (const [i, day] of [2, 3, 4].entries()) {
        clock = at(day * DAY + HOUR);
        const { code: c } = await code(s.a.communityAdmin, a.sessions[i]!.id);
        await call(good, 'POST', '/activities/check-ins', { code: c });
        if (i === 0) await call(lazy, 'POST', '/activities/check-ins', { code: c });
      }
      // Not before the last session is over.
      expectError(await call(good, 'GET', `/activities/${a.id}/certificate.png`), 403, 'CERTIFICATE_NOT_EARNED');
      clock = at(6 * DAY);
      expectError(await call(lazy, 'GET', `/activities/${a.id}/certificate.png`), 403, 'CERTIFICATE_NOT_EARNED');
      const png = await call(good, 'GET', `/activities/${a.id}/certificate.png`);
      expect(png.statusCode).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS, 'activity-certificate.png'), png.rawPayload);
      // The code printed on it verifies without a login; a changed one does not.
      const { myCertificateCode } = await import('../../../server/src/activities/index.js');
      const printed = myCertificateCode(t.config.access, a.id, good.id);
      const check = await t.app.inject({
        method: 'GET',
        url: `/api/v1/activities/certificates/verify?code=${encodeURIComponent(printed)}`,
      });
      expect(check.json()).toMatchObject({ valid: true, name: '周七', title: '丰台夜校·手机摄影', sessions: 4 });
      const forged = myCertificateCode(t.config.access, a.id, lazy.id).slice(0, -2) + 'xx';
      expectError(
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/activities/certificates/verify?code=${encodeURIComponent(forged)}`,
        }),
        400,
        'CERTIFICATE_INVALID',
      );
      // A genuine code for a rider who did not earn it is refused too.
      expectError(
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/activities/certificates/verify?code=${encodeURIComponent(myCertificateCode(t.config.access, a.id, lazy.id))}`,
        }),
        400,
        'CERTIFICATE_INVALID',
      );
    });
  });

  describe('privacy', () => {
    it('export holds the rider’s sign-ups and check-ins; deletion frees the seat for the waiting list', async () => {
      const a = await create(s.a.communityAdmin, { capacity: 1, title: '安全骑行课' });
      const me = await rider('注销者');
      const next = await rider('候补者');
      await call(me, 'POST', `/activities/${a.id}/signup`);
      await call(next, 'POST', `/activities/${a.id}/signup`);
      const res = await call(me, 'GET', '/privacy/export');
      const files = unzipSync(new Uint8Array(res.rawPayload));
      const data = JSON.parse(strFromU8(files['activities.json']!));
      expect(data).toEqual({
        signups: [expect.objectContaining({ activity: '安全骑行课', status: 'confirmed' })],
        checkins: [],
      });
      const del = await call(me, 'POST', '/privacy/account/delete', { confirm: '注销' });
      expect(del.statusCode === 200 ? 200 : del.body).toBe(200);
      expect(await t.db.select().from(activitySignups).where(eq(activitySignups.riderId, me.id))).toEqual([]);
      expect((await call(next, 'GET', `/activities/${a.id}`)).json().mine.status).toBe('confirmed');
      const [u] = await t.db.select({ status: users.status }).from(users).where(eq(users.id, me.id));
      expect(u!.status).toBe('deleted');
    });
  });
});
