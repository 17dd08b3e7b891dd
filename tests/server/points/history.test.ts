import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { pointAccounts } from '../../../server/src/db/schema/index.js';
import { SYSTEM_ACCOUNTS } from '../../../server/src/points/index.js';
import { expectError } from '../../support/http.js';
import { createUser } from '../../fixtures/factories.js';
import { fundRider, pointsApp, type TestUser as User } from '../../fixtures/points.js';

describe('points history: cursor pages in a stable order, no line twice, none missed', () => {
  const h = pointsApp();
  const { call } = h;
  const page = async (rider: User, cursor?: string | null, limit = 4) => {
    const res = await call(
      rider,
      'GET',
      `/points/history?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.statusCode).toBe(200);
    return res.json() as { items: { id: string; at: string; amount: number }[]; nextCursor: string | null };
  };

  it('walks every line once, newest first, even with lines sharing a timestamp and new ones arriving mid-walk', async () => {
    const rider = await createUser(h.t.db, 'rider');
    const base = new Date('2020-06-01T00:00:00Z');
    // 11 lines; 6 of them share one instant (one job run can write several), ordered by id there.
    for (let i = 0; i < 11; i++) {
      await fundRider(h.t.db, rider.id, i + 1, { at: new Date(base.getTime() + (i < 6 ? 0 : i * 1000)) });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p = await page(rider, cursor);
      seen.push(...p.items.map((l) => l.id));
      cursor = p.nextCursor;
      pages++;
      // New transfers arrive while the rider scrolls: now, and one at the very instant of the shared lines.
      if (pages === 1) {
        await fundRider(h.t.db, rider.id, 100, { at: new Date() });
        await fundRider(h.t.db, rider.id, 200, { at: base });
      }
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    // Every one of the original 11 lines is there exactly once.
    const all = (await page(rider, null, 100)).items;
    expect(all).toHaveLength(13);
    const original = all.filter((l) => l.amount <= 11).map((l) => l.id);
    expect(original.every((id) => seen.includes(id))).toBe(true);
    // The walk's order is the full list's order (newest first, ties by id), minus what arrived later.
    expect(seen.filter((id) => original.includes(id))).toEqual(original);
    // The first page is untouched by what arrived after it: the newest line now leads.
    expect(all[0]!.amount).toBe(100);
  });

  it('a page boundary between two lines of the same millisecond loses neither (timestamps have microseconds)', async () => {
    const rider = await createUser(h.t.db, 'rider');
    await fundRider(h.t.db, rider.id, 1, { at: new Date('2021-01-01T00:00:02Z') });
    const [account] = await h.t.db.select().from(pointAccounts).where(eq(pointAccounts.userId, rider.id));
    for (const [amount, at] of [
      [2, '2021-01-01 00:00:00.000900+00'],
      [3, '2021-01-01 00:00:00.000100+00'],
    ] as const) {
      await h.t.db.execute(sql`insert into point_transfers
          (id, debit_account_id, credit_account_id, amount, kind, reason, source_type, source_id, note, expires_at, created_at)
        values (${randomUUID()}::uuid, ${SYSTEM_ACCOUNTS.issuance}::uuid, ${account!.id}::uuid, ${amount}, 'single',
          'staff_grant', 'grant', 'test', '测试', now() + interval '1 year', ${at}::timestamptz)`);
    }
    const first = await page(rider, null, 2);
    expect(first.items.map((l) => l.amount)).toEqual([1, 2]);
    const second = await page(rider, first.nextCursor, 2);
    expect(second.items.map((l) => l.amount)).toEqual([3]);
    expect(second.nextCursor).toBeNull();
  });

  it('the last page says so; a cursor that is not a line of this rider is refused', async () => {
    const rider = await createUser(h.t.db, 'rider');
    const other = await createUser(h.t.db, 'rider');
    for (let i = 0; i < 4; i++) await fundRider(h.t.db, rider.id, 1);
    await fundRider(h.t.db, other.id, 1);
    const first = await page(rider, null, 4);
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).toBeNull();
    const two = await page(rider, null, 2);
    expect(two.nextCursor).toEqual(expect.any(String));
    const otherCursor = (await page(other, null, 1)).nextCursor;
    expect(otherCursor).toBeNull();
    // Someone else's line as a cursor, a made-up id, and garbage.
    const othersLine = (await page(other, null, 5)).items[0]!.id;
    for (const cursor of [
      Buffer.from(`t1|${othersLine}`).toString('base64url'),
      Buffer.from(`t1|${randomUUID()}`).toString('base64url'),
      'not-a-cursor',
    ]) {
      expectError(await call(rider, 'GET', `/points/history?cursor=${cursor}`), 400, 'CURSOR_INVALID');
    }
  });
});
