import { randomUUID } from 'node:crypto';
import type { Db } from '../../../server/src/db/client.js';
import { creditForEvent, type CreditEvent } from '../../../server/src/points/index.js';
import { pointsApp } from '../../fixtures/points.js';

// The community job's events (activities attended, 随手帮 tasks confirmed, suggestions adopted)
// earn through the same ledger as reports: one credit per source row, within the rule's caps.
describe('points for other jobs’ events', () => {
  const h = pointsApp();
  const credit = (event: Omit<CreditEvent, 'districtId'> & { districtId?: string | null }, now = new Date()) =>
    h.t.db.transaction((tx) =>
      creditForEvent(tx as unknown as Db, { districtId: null, ...event }, { expiryDays: 365, now }),
    );

  it('an attended session earns the rule’s points once, however often it is retried, and the history says what for', async () => {
    const rider = await h.newRider();
    const sessionId = randomUUID();
    const event = {
      rule: 'activity_attended',
      sourceType: 'activity_session',
      sourceId: sessionId,
      riderId: rider.id,
      note: '健康义诊',
    } as const;
    const outcomes = await Promise.all([credit(event), credit(event), credit(event)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['credited', 'duplicate', 'duplicate']);
    expect(await h.availableOf(rider)).toBe(5);
    const history = (await h.call(rider, 'GET', '/points/history')).json();
    expect(history.items[0]).toMatchObject({ reason: 'activity_attended', detail: '参加活动签到：健康义诊' });
  });

  it('a task’s offer is credited up to the rule’s points, and the daily cap holds across events', async () => {
    const rider = await h.newRider();
    const task = (points: number) =>
      credit({ rule: 'task_completed', sourceType: 'task_claim', sourceId: randomUUID(), riderId: rider.id, points });
    expect((await task(8)).transfer?.amount).toBe(8);
    // Offered 50, the rule's most is 20.
    expect((await task(50)).transfer?.amount).toBe(20);
    // Daily cap 40: 12 left of the next 20.
    expect((await task(20)).transfer?.amount).toBe(12);
    expect((await task(20)).status).toBe('capped');
    expect(await h.availableOf(rider)).toBe(40);
  });

  it('the same source under two rules is two events; the same rule and source is one', async () => {
    const rider = await h.newRider();
    const sourceId = randomUUID();
    const a = await credit({ rule: 'suggestion_adopted', sourceType: 'suggestion', sourceId, riderId: rider.id });
    const b = await credit({ rule: 'activity_attended', sourceType: 'activity_session', sourceId, riderId: rider.id });
    expect(a.transfer?.id).not.toBe(b.transfer?.id);
    expect(await h.availableOf(rider)).toBe(15);
  });
});
