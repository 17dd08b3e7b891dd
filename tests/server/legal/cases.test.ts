import { and, eq, sql } from 'drizzle-orm';
import { auditLog, legalCases, legalCaseUpdates, notifications } from '../../../server/src/db/schema/index.js';
import { alertOverdueCases } from '../../../server/src/legal/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError, tamperSignature } from '../../support/http.js';
import { jpeg, multipart } from '../../fixtures/reports.js';
import { accessTokenFor, bearer } from '../../fixtures/factories.js';
import {
  createLegalWorld,
  legalCall,
  openBody,
  SECRET_PARTY,
  SECRET_STORY,
  SECRET_WISH,
  type LegalWorld,
} from '../../fixtures/legal.js';

const MIN = 60_000;
const DAY = 86_400_000;
// Monday 2026-12-07 10:00 in Beijing.
const MONDAY_10 = new Date('2026-12-07T02:00:00Z');

describe('法律援助: 受理 — 调处 — 反馈, scope, deadlines, privacy', () => {
  let t: TestContext;
  let w: LegalWorld;
  let clock = MONDAY_10;

  beforeAll(async () => {
    t = await buildTestApp({}, { now: () => clock });
    w = await createLegalWorld(t.db);
  });
  afterAll(async () => t.close());
  beforeEach(() => {
    clock = MONDAY_10;
  });

  const open = async (extra: Record<string, unknown> = {}, rider = w.rider) => {
    const res = await legalCall(t.app, rider, 'POST', '/api/v1/legal/cases', openBody(w.dA.id, extra));
    expect(res.statusCode).toBe(201);
    return res.json().case as { id: string; state: string; acceptDueAt: string };
  };
  const step = (user: { id: string; role: string }, id: string, action: string, body?: unknown) =>
    legalCall(t.app, user, 'POST', `/api/v1/staff/legal/cases/${id}/${action}`, body);
  const caseCount = async () => Number((await t.db.select({ n: sql<number>`count(*)` }).from(legalCases))[0]!.n);
  const noticesOf = async (userId: string, kind = 'legal_case') =>
    t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

  describe('a rider opens a case', () => {
    it('goes to the chosen district, accept due in 2 working days, phone masked, the rider told', async () => {
      const before = (await noticesOf(w.rider.id)).length;
      const c = await legalCall(t.app, w.rider, 'POST', '/api/v1/legal/cases', openBody(w.dA.id));
      expect(c.statusCode).toBe(201);
      const body = c.json().case;
      expect(body).toMatchObject({
        kind: 'wage_arrears',
        state: 'submitted',
        districtName: '甲区',
        description: SECRET_STORY,
        otherParty: SECRET_PARTY,
        request: SECRET_WISH,
        contactPreference: 'phone',
        contactPhoneMasked: '138****5678',
        riderNameMasked: null,
        overdue: null,
      });
      // Monday 10:00 + 2 working days = Wednesday 10:00.
      expect(body.acceptDueAt).toBe(new Date(MONDAY_10.getTime() + 2 * DAY).toISOString());
      expect(body.updates.map((u: { action: string }) => u.action)).toEqual(['submit']);
      expect(body.can).toMatchObject({ attach: true, rate: false, reopen: false, accept: false });
      expect(c.body).not.toContain('13812345678');
      expect((await noticesOf(w.rider.id)).length).toBe(before + 1);
    });

    it('on a Friday afternoon the accept deadline skips the weekend (Tuesday)', async () => {
      clock = new Date('2026-12-11T08:00:00Z'); // Friday 16:00 Beijing
      const c = await open();
      expect(c.acceptDueAt).toBe(new Date('2026-12-15T08:00:00Z').toISOString());
    });

    it('a retry with the same Idempotency-Key answers the first case (200), nothing doubled', async () => {
      const key = { 'idempotency-key': 'legal-retry-0001' };
      const first = await legalCall(t.app, w.rider, 'POST', '/api/v1/legal/cases', openBody(w.dA.id), key);
      const n = await caseCount();
      const again = await legalCall(t.app, w.rider, 'POST', '/api/v1/legal/cases', openBody(w.dA.id), key);
      expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
      expect(again.json().case.id).toBe(first.json().case.id);
      expect(await caseCount()).toBe(n);
    });

    it('refuses bad input with a Chinese message and the field, writing nothing', async () => {
      const n = await caseCount();
      const cases: [Record<string, unknown>, string, string][] = [
        [{ kind: 'divorce' }, 'VALIDATION_FAILED', 'kind'],
        [{ description: '' }, 'VALIDATION_FAILED', 'description'],
        [{ description: '   ' }, 'VALIDATION_FAILED', 'description'],
        [{ description: '长'.repeat(2001) }, 'VALIDATION_FAILED', 'description'],
        [{ request: '' }, 'VALIDATION_FAILED', 'request'],
        [{ contactPreference: 'fax' }, 'VALIDATION_FAILED', 'contactPreference'],
        [{ contactPhone: '12345' }, 'VALIDATION_FAILED', 'contactPhone'],
        [{ districtId: '00000000-0000-4000-8000-000000000000' }, 'LEGAL_DISTRICT_UNKNOWN', 'districtId'],
      ];
      for (const [extra, code, field] of cases) {
        const res = await legalCall(t.app, w.rider, 'POST', '/api/v1/legal/cases', openBody(w.dA.id, extra));
        const err = expectError(res, 400, code);
        expect({ extra, field: err.field }).toEqual({ extra, field });
      }
      const noDistrict = openBody(w.dA.id);
      delete (noDistrict as Partial<typeof noDistrict>).districtId;
      // No pass, two districts: the rider must choose.
      expectError(
        await legalCall(t.app, w.rider, 'POST', '/api/v1/legal/cases', noDistrict),
        400,
        'LEGAL_DISTRICT_REQUIRED',
      );
      // rider2 has no registration: phone contact needs a number.
      const noPhone = await legalCall(t.app, w.rider2, 'POST', '/api/v1/legal/cases', openBody(w.dA.id));
      expect(expectError(noPhone, 400, 'LEGAL_PHONE_REQUIRED').field).toBe('contactPhone');
      expect(await caseCount()).toBe(n);
      const label = await legalCall(
        t.app,
        w.rider,
        'POST',
        '/api/v1/legal/cases',
        openBody(w.dA.id, { description: '' }),
      );
      expect(label.json().message).toContain('事情经过');
    });

    it('the options name the districts and the masked registration phone', async () => {
      const res = await legalCall(t.app, w.rider, 'GET', '/api/v1/legal/options');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ defaultDistrictId: null, phoneMasked: '138****5678' });
      expect(
        res
          .json()
          .districts.map((d: { name: string }) => d.name)
          .sort(),
      ).toEqual(['乙区', '甲区']);
    });
  });

  describe('who sees a case', () => {
    it('the rider and the district’s mediators; another rider and another district’s mediator 404 as for no case, the admin 403', async () => {
      const c = await open();
      const get = (u: { id: string; role: string }, id = c.id) =>
        legalCall(t.app, u, 'GET', `/api/v1/legal/cases/${id}`);
      expect((await get(w.rider)).statusCode).toBe(200);
      const asMediator = await get(w.mediatorA);
      expect(asMediator.statusCode).toBe(200);
      expect(asMediator.json()).toMatchObject({ riderNameMasked: '王*明', contactPhoneMasked: '138****5678' });
      expect(asMediator.json().can).toMatchObject({ accept: true, refer: true, close: false, rate: false });
      expectError(await get(w.rider2), 404, 'CASE_NOT_FOUND');
      expectError(await get(w.adminA), 403, 'FORBIDDEN');
      // A guessed id: another district's mediator gets exactly what an id that does not exist gets.
      const missing = '00000000-0000-4000-8000-00000000abcd';
      const same = (a: { statusCode: number; json: () => { code: string; message: string } }) => ({
        status: a.statusCode,
        code: a.json().code,
        message: a.json().message,
      });
      for (const who of [w.mediatorB, w.rider2]) {
        expect(same(await get(who))).toEqual(same(await get(who, missing)));
        expect(same(await get(who))).toEqual({ status: 404, code: 'CASE_NOT_FOUND', message: '找不到该案件' });
      }
      for (const action of ['accept', 'refer', 'assign', 'appointments', 'notes', 'close']) {
        const body =
          action === 'refer'
            ? { referredTo: '区法律援助中心', reason: '不属于调解范围' }
            : action === 'assign'
              ? { mediatorId: w.mediatorB.id }
              : action === 'appointments'
                ? { at: new Date(clock.getTime() + DAY).toISOString(), place: '站点' }
                : action === 'close'
                  ? { outcome: 'resolved', note: '达成一致' }
                  : action === 'notes'
                    ? { note: '电话沟通' }
                    : undefined;
        const guessed = await step(w.mediatorB, c.id, action, body);
        const none = await step(w.mediatorB, missing, action, body);
        expect({ action, ...same(guessed) }).toEqual({ action, ...same(none) });
        expect({ action, status: guessed.statusCode }).toEqual({ action, status: 404 });
      }
      for (const action of ['rating', 'reopen']) {
        const body = action === 'rating' ? { rating: 5 } : { reason: '对方没有履行' };
        const p = (id: string) => legalCall(t.app, w.rider2, 'POST', `/api/v1/legal/cases/${id}/${action}`, body);
        expect(same(await p(c.id))).toEqual(same(await p(missing)));
      }
      // Nor can they act on it or find it in their lists; the admin is refused by role, whatever the id.
      expectError(await step(w.adminA, c.id, 'accept'), 403, 'FORBIDDEN');
      expectError(await step(w.adminA, missing, 'accept'), 403, 'FORBIDDEN');
      expect((await get(w.mediatorA)).json().state).toBe('submitted');
      const inboxB = await legalCall(t.app, w.mediatorB, 'GET', '/api/v1/staff/legal/cases');
      expect(inboxB.json().items.map((i: { id: string }) => i.id)).not.toContain(c.id);
      const inboxA = await legalCall(t.app, w.mediatorA, 'GET', '/api/v1/staff/legal/cases');
      expect(inboxA.json().items.map((i: { id: string }) => i.id)).toContain(c.id);
      const mine2 = await legalCall(t.app, w.rider2, 'GET', '/api/v1/legal/cases/mine');
      expect(mine2.json().items).toEqual([]);
      // Lists carry no free text.
      expect(inboxA.body).not.toContain(SECRET_STORY);
      expect(
        (await legalCall(t.app, w.rider2, 'POST', `/api/v1/legal/cases/${c.id}/rating`, { rating: 5 })).statusCode,
      ).toBe(404);
    });
  });

  describe('受理 — 调处 — 反馈', () => {
    it('accept, assign, appointment, note, close, then the rider rates; every step on the timeline and audited', async () => {
      const c = await open();
      const accepted = await step(w.mediatorA, c.id, 'accept');
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json()).toMatchObject({
        state: 'accepted',
        closeDueAt: new Date(MONDAY_10.getTime() + 30 * DAY).toISOString(),
      });
      expectError(await step(w.mediatorA, c.id, 'accept'), 409, 'INVALID_TRANSITION');
      expectError(
        await step(w.mediatorA, c.id, 'refer', { referredTo: '劳动仲裁委', reason: '需仲裁' }),
        409,
        'INVALID_TRANSITION',
      );

      const wrongMediator = await step(w.mediatorA, c.id, 'assign', { mediatorId: w.mediatorB.id });
      expect(expectError(wrongMediator, 400, 'MEDIATOR_NOT_IN_DISTRICT').field).toBe('mediatorId');
      expectError(
        await step(w.mediatorA, c.id, 'assign', { mediatorId: w.adminA.id }),
        400,
        'MEDIATOR_NOT_IN_DISTRICT',
      );
      const assigned = await step(w.mediatorA, c.id, 'assign', { mediatorId: w.mediatorA2.id });
      expect(assigned.json()).toMatchObject({ state: 'mediating', mediatorName: '甲区调解中心 林调解员' });

      const future = new Date(MONDAY_10.getTime() + 2 * DAY).toISOString();
      expect(
        expectError(await step(w.mediatorA2, c.id, 'appointments', { at: future }), 400, 'APPOINTMENT_PLACE_REQUIRED')
          .field,
      ).toBe('place');
      const past = new Date(MONDAY_10.getTime() - MIN).toISOString();
      expect(
        expectError(
          await step(w.mediatorA2, c.id, 'appointments', { at: past, place: '调解中心' }),
          400,
          'APPOINTMENT_IN_PAST',
        ).field,
      ).toBe('at');
      expectError(
        await step(w.mediatorA2, c.id, 'appointments', { at: future, stationId: w.roomB.id }),
        400,
        'STATION_NOT_IN_DISTRICT',
      );
      expectError(
        await step(w.mediatorA2, c.id, 'appointments', { at: future, stationId: w.plainA.id }),
        400,
        'STATION_NOT_IN_DISTRICT',
      );
      const appointed = await step(w.mediatorA2, c.id, 'appointments', { at: future, stationId: w.roomA.id });
      expect(appointed.statusCode).toBe(200);
      expect(appointed.json().nextAppointmentAt).toBe(future);
      expect(appointed.json().updates.at(-1)).toMatchObject({
        action: 'appointment',
        appointmentPlace: '甲区暖新驿站 法律咨询室',
      });

      expectError(await step(w.mediatorA2, c.id, 'notes', { note: '' }), 400, 'VALIDATION_FAILED');
      expect((await step(w.mediatorA2, c.id, 'notes', { note: '已电话联系对方站长' })).statusCode).toBe(200);

      // Rating before the close: refused.
      expectError(
        await legalCall(t.app, w.rider, 'POST', `/api/v1/legal/cases/${c.id}/rating`, { rating: 5 }),
        409,
        'CASE_NOT_CLOSED',
      );
      expect(
        expectError(await step(w.mediatorA2, c.id, 'close', { outcome: 'won', note: 'x' }), 400, 'VALIDATION_FAILED')
          .field,
      ).toBe('outcome');
      clock = new Date(MONDAY_10.getTime() + 3 * DAY);
      const closed = await step(w.mediatorA2, c.id, 'close', {
        outcome: 'resolved',
        note: '双方达成调解协议，补发工资',
      });
      expect(closed.json()).toMatchObject({ state: 'closed', outcome: 'resolved' });
      expectError(await step(w.mediatorA2, c.id, 'notes', { note: '再记一笔' }), 409, 'INVALID_TRANSITION');

      const rate = (body: unknown) => legalCall(t.app, w.rider, 'POST', `/api/v1/legal/cases/${c.id}/rating`, body);
      expect(expectError(await rate({ rating: 6 }), 400, 'VALIDATION_FAILED').field).toBe('rating');
      expectError(await rate({ rating: 0 }), 400, 'VALIDATION_FAILED');
      const rated = await rate({ rating: 5, comment: '陈调解员很耐心' });
      expect(rated.json()).toMatchObject({
        rating: 5,
        ratingComment: '陈调解员很耐心',
        can: { rate: false, reopen: true },
      });
      expectError(await rate({ rating: 4 }), 409, 'CASE_ALREADY_RATED');

      const detail = (await legalCall(t.app, w.rider, 'GET', `/api/v1/legal/cases/${c.id}`)).json();
      expect(detail.updates.map((u: { action: string }) => u.action)).toEqual([
        'submit',
        'accept',
        'assign',
        'appointment',
        'note',
        'close',
        'rate',
      ]);
      expect(detail.updates[0].actorName).toBeNull();
      expect(detail.updates[1].actorName).toBe('甲区调解中心 陈调解员');
      // Told at submit, accept, assign, appointment and close (notes and the rating are not news).
      const notices = (await noticesOf(w.rider.id)).map((n) => n.title);
      expect(notices).toEqual(
        expect.arrayContaining([
          '法律援助：已受理',
          '法律援助：已指派调解员',
          '法律援助：面谈预约',
          '法律援助：已办结',
        ]),
      );
      for (const n of await noticesOf(w.rider.id)) expect(n.body).not.toContain(SECRET_STORY);
      const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, c.id));
      expect(audits.map((a) => a.action).sort()).toEqual(
        [
          'legal_case.accept',
          'legal_case.appointment',
          'legal_case.assign',
          'legal_case.close',
          'legal_case.note',
        ].sort(),
      );
      expect(JSON.stringify(audits)).not.toContain('双方达成调解协议');
    });

    it('refer: where to and why, the rider told; refused without a reason; then nothing more', async () => {
      const c = await open({ kind: 'traffic_accident' });
      expect(
        expectError(
          await step(w.mediatorA, c.id, 'refer', { referredTo: '交警大队', reason: '' }),
          400,
          'VALIDATION_FAILED',
        ).field,
      ).toBe('reason');
      const referred = await step(w.mediatorA, c.id, 'refer', {
        referredTo: '朝阳交通支队',
        reason: '事故责任认定需交警处理',
      });
      expect(referred.json()).toMatchObject({ state: 'referred', referredTo: '朝阳交通支队' });
      expectError(await step(w.mediatorA, c.id, 'accept'), 409, 'INVALID_TRANSITION');
      expectError(
        await legalCall(t.app, w.rider, 'POST', `/api/v1/legal/cases/${c.id}/reopen`, { reason: '不服' }),
        409,
        'INVALID_TRANSITION',
      );
      const titles = (await noticesOf(w.rider.id)).map((n) => n.body);
      expect(titles.some((b) => b.includes('朝阳交通支队'))).toBe(true);
    });

    it('two mediators accepting at once: one wins, the other 409, one accept row', async () => {
      const c = await open();
      const [a, b] = await Promise.all([step(w.mediatorA, c.id, 'accept'), step(w.mediatorA2, c.id, 'accept')]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const rows = await t.db
        .select()
        .from(legalCaseUpdates)
        .where(and(eq(legalCaseUpdates.caseId, c.id), eq(legalCaseUpdates.action, 'accept')));
      expect(rows).toHaveLength(1);
    });

    it('the timeline is append-only in the database', async () => {
      const c = await open();
      const err = await t.db
        .update(legalCaseUpdates)
        .set({ note: 'changed' })
        .where(eq(legalCaseUpdates.caseId, c.id))
        .then(() => null)
        .catch((e: Error & { cause?: Error }) => e);
      expect(String(err?.cause?.message ?? err?.message)).toMatch(/append-only/);
      const [row] = await t.db.select().from(legalCaseUpdates).where(eq(legalCaseUpdates.caseId, c.id));
      expect(row!.note).toBe('');
    });
  });

  describe('reopen within 15 days of the close', () => {
    it('inside the window back to its mediator with a new deadline; past it 409', async () => {
      const c = await open();
      await step(w.mediatorA, c.id, 'accept');
      await step(w.mediatorA, c.id, 'assign', { mediatorId: w.mediatorA.id });
      await step(w.mediatorA, c.id, 'close', { outcome: 'not_resolved', note: '对方拒绝调解' });
      await legalCall(t.app, w.rider, 'POST', `/api/v1/legal/cases/${c.id}/rating`, { rating: 2 });
      const reopen = (body: unknown = { reason: '对方又联系我了，愿意谈' }) =>
        legalCall(t.app, w.rider, 'POST', `/api/v1/legal/cases/${c.id}/reopen`, body);
      expect(expectError(await reopen({ reason: ' ' }), 400, 'VALIDATION_FAILED').field).toBe('reason');
      expectError(
        await legalCall(t.app, w.rider2, 'POST', `/api/v1/legal/cases/${c.id}/reopen`, { reason: '我也要' }),
        404,
        'CASE_NOT_FOUND',
      );
      clock = new Date(MONDAY_10.getTime() + 15 * DAY - MIN);
      const again = await reopen();
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({
        state: 'mediating',
        outcome: null,
        rating: null,
        closeDueAt: new Date(clock.getTime() + 30 * DAY).toISOString(),
      });
      // The first rating stays on the timeline.
      expect(again.json().updates.find((u: { action: string }) => u.action === 'rate').rating).toBe(2);
      await step(w.mediatorA, c.id, 'close', { outcome: 'resolved', note: '达成协议' });
      clock = new Date(clock.getTime() + 15 * DAY + MIN);
      expectError(await reopen(), 409, 'CASE_REOPEN_WINDOW_PASSED');
      const late = (await legalCall(t.app, w.rider, 'GET', `/api/v1/legal/cases/${c.id}`)).json();
      expect(late.can.reopen).toBe(false);
    });
  });

  describe('deadlines and overdue alerts', () => {
    it('a case not accepted in time is marked and alerts each of the district’s mediators once; then the close deadline', async () => {
      // A clean slate for this district: every earlier case closed or referred out of the way.
      await t.db.execute(
        sql`update legal_cases set state = 'referred' where state in ('submitted','accepted','mediating')`,
      );
      const c = await open();
      clock = new Date(MONDAY_10.getTime() + 2 * DAY + MIN);
      const inbox = (await legalCall(t.app, w.mediatorA, 'GET', '/api/v1/staff/legal/cases')).json().items;
      expect(inbox.find((i: { id: string }) => i.id === c.id).overdue).toBe('accept');
      const first = await alertOverdueCases({ db: t.db, now: () => clock });
      expect(first).toEqual({ alerted: 1, notices: 2 });
      expect(await alertOverdueCases({ db: t.db, now: () => clock })).toEqual({ alerted: 0, notices: 0 });
      const overdueNotices = await noticesOf(w.mediatorA.id, 'legal_case_overdue');
      expect(overdueNotices.some((n) => n.title === '法律援助案件超时未受理')).toBe(true);
      expect(JSON.stringify(overdueNotices)).not.toContain(SECRET_STORY);
      expect(await noticesOf(w.mediatorB.id, 'legal_case_overdue')).toEqual([]);

      await step(w.mediatorA, c.id, 'accept');
      clock = new Date(clock.getTime() + 30 * DAY + MIN);
      expect((await legalCall(t.app, w.mediatorA, 'GET', `/api/v1/legal/cases/${c.id}`)).json().overdue).toBe('close');
      expect(await alertOverdueCases({ db: t.db, now: () => clock })).toEqual({ alerted: 1, notices: 2 });
      await step(w.mediatorA, c.id, 'close', { outcome: 'withdrawn', note: '当事人撤回' });
      expect(await alertOverdueCases({ db: t.db, now: () => clock })).toEqual({ alerted: 0, notices: 0 });
    });
  });

  describe('attachments through short-lived signed links', () => {
    it('the rider’s evidence and the centre’s documents; the link expires; others refused', async () => {
      const c = await open();
      const upload = (u: { id: string; role: string }, n = 1) => {
        const form = multipart(
          {},
          Array.from({ length: n }, () => ({ field: 'photos', data: photo })),
        );
        return t.app.inject({
          method: 'POST',
          url: `/api/v1/legal/cases/${c.id}/attachments`,
          headers: { ...bearer(accessTokenFor(t.app, u)), ...form.headers },
          payload: form.payload,
        });
      };
      const photo = await jpeg(640, 480);
      const mine = await upload(w.rider);
      expect(mine.statusCode).toBe(200);
      const att = mine.json().attachments;
      expect(att).toHaveLength(1);
      expect(att[0]).toMatchObject({ kind: 'evidence' });
      const img = await t.app.inject({ method: 'GET', url: att[0].url });
      expect(img.statusCode).toBe(200);
      expect(img.headers['content-type']).toBe('image/jpeg');
      expect(img.headers['cache-control']).toBe('private, no-store');
      expect((await t.app.inject({ method: 'GET', url: att[0].thumbUrl })).statusCode).toBe(200);
      expectError(await t.app.inject({ method: 'GET', url: tamperSignature(att[0].url) }), 403, 'FORBIDDEN');
      // A report photo's link format with this id is no key either.
      expect(
        (await t.app.inject({ method: 'GET', url: att[0].url.replace('/media/legal/', '/media/photos/') })).statusCode,
      ).not.toBe(200);

      expectError(await upload(w.rider2), 404, 'CASE_NOT_FOUND');
      expectError(await upload(w.mediatorB), 404, 'CASE_NOT_FOUND');
      await step(w.mediatorA, c.id, 'accept');
      const doc = await upload(w.mediatorA);
      expect(doc.json().attachments.map((a: { kind: string }) => a.kind)).toEqual(['evidence', 'document']);
      expect((await noticesOf(w.rider.id)).some((n) => n.title === '法律援助：调解中心上传了材料')).toBe(true);
      expectError(await upload(w.rider, 8), 400, 'TOO_MANY_ATTACHMENTS');
      const junk = multipart({}, [{ field: 'photos', data: Buffer.from('not an image') }]);
      const notImage = await t.app.inject({
        method: 'POST',
        url: `/api/v1/legal/cases/${c.id}/attachments`,
        headers: { ...bearer(accessTokenFor(t.app, w.rider)), ...junk.headers },
        payload: junk.payload,
      });
      expect(expectError(notImage, 400, 'PHOTO_NOT_IMAGE').field).toBe('photos');
      expect((await legalCall(t.app, w.rider, 'GET', `/api/v1/legal/cases/${c.id}`)).json().attachments).toHaveLength(
        2,
      );

      clock = new Date(clock.getTime() + 11 * MIN);
      expectError(await t.app.inject({ method: 'GET', url: att[0].url }), 403, 'FORBIDDEN');
      await step(w.mediatorA, c.id, 'close', { outcome: 'resolved', note: '已解决' });
      expectError(await upload(w.rider), 409, 'CASE_NOT_OPEN');
    });
  });

  describe('figures: counts and times, never names', () => {
    it('for the district’s mediators and admin; another district refused', async () => {
      const res = await legalCall(t.app, w.adminA, 'GET', '/api/v1/staff/legal/figures');
      expect(res.statusCode).toBe(200);
      const f = res.json();
      expect(f.districtId).toBe(w.dA.id);
      expect(f.total).toBeGreaterThan(0);
      expect(f.byKind.find((k: { kind: string }) => k.kind === 'wage_arrears').count).toBeGreaterThan(0);
      expect(f.medianAcceptMinutes).not.toBeNull();
      expect(f.medianCloseHours).not.toBeNull();
      expect(f.ratingCount).toBeGreaterThan(0);
      expect(f.ratingAverage).toBeGreaterThanOrEqual(1);
      for (const word of [SECRET_STORY, SECRET_PARTY, '王', '陈调解员', '13812345678'])
        expect(res.body).not.toContain(word);
      const asMediator = await legalCall(t.app, w.mediatorA, 'GET', '/api/v1/staff/legal/figures');
      expect(asMediator.json()).toEqual(f);
      expectError(
        await legalCall(t.app, w.mediatorB, 'GET', `/api/v1/staff/legal/figures?districtId=${w.dA.id}`),
        403,
        'OUT_OF_SCOPE',
      );
      expectError(await legalCall(t.app, w.rider, 'GET', '/api/v1/staff/legal/figures'), 403, 'FORBIDDEN');
      const resources = await legalCall(t.app, w.mediatorA, 'GET', '/api/v1/staff/legal/resources');
      expect(
        resources
          .json()
          .mediators.map((m: { name: string }) => m.name)
          .sort(),
      ).toEqual(['甲区调解中心 林调解员', '甲区调解中心 陈调解员'].sort());
      expect(resources.json().stations.map((s: { name: string }) => s.name)).toEqual(['甲区暖新驿站']);
    });
  });

  it('no case text ever reached the log stream', () => {
    expect(t.logs.length).toBeGreaterThan(0);
    const all = t.logs.join('\n');
    for (const word of [
      SECRET_STORY,
      SECRET_PARTY,
      SECRET_WISH,
      '双方达成调解协议',
      '已电话联系对方站长',
      '13812345678',
    ]) {
      expect({ word, found: all.includes(word) }).toEqual({ word, found: false });
    }
  });
});
