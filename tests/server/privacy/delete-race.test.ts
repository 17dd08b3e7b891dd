import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../server/src/db/client.js';
import { reconcile } from '../../../server/src/points/index.js';
import { expectError } from '../../support/http.js';
import { newKey, pointsApp, type TestUser as User } from '../../fixtures/points.js';

// A rider deleting the account while staff grant points: the deletion forfeits the balance under
// the account's lock, and a grant that comes after it is refused — never points left on an account
// nobody can use, never a grant lost from the books.
describe('account deletion racing staff grants', () => {
  const h = pointsApp();
  const { call } = h;
  const grant = (granter: User, rider: User) =>
    call(granter, 'POST', '/points/grants', {
      rule: 'volunteer_service',
      amount: 5,
      note: '社区志愿服务',
      idempotencyKey: newKey(),
      streetId: h.s.a.street.id,
      riderId: rider.id,
    });
  const remove = (rider: User) => call(rider, 'POST', '/privacy/account/delete', { confirm: '注销' });

  async function balanceOf(riderId: string): Promise<number> {
    const res = await h.t.db.execute(sql`
      select coalesce(sum(case when t.credit_account_id = a.id then t.amount else -t.amount end), 0)::int as n
        from point_accounts a
        join point_transfers t on a.id in (t.credit_account_id, t.debit_account_id)
       where a.user_id = ${riderId}::uuid and t.kind = 'single'`);
    return rowsOf<{ n: number }>(res)[0]!.n;
  }

  it('a grant to an account deleted before it is refused (409 ACCOUNT_DELETED) and writes nothing', async () => {
    const rider = await h.newRider(10);
    expect((await remove(rider)).statusCode).toBe(200);
    const res = await grant(h.s.a.streetOperator, rider);
    expect(expectError(res, 409, 'ACCOUNT_DELETED').message).toBe('该骑手已注销账号，不能发放积分');
    expect(await balanceOf(rider.id)).toBe(0);
  });

  it('grants and a deletion at once: every grant is either forfeited with the balance or refused; the books balance', async () => {
    const rider = await h.newRider(10);
    const results = await Promise.all([
      grant(h.s.a.streetOperator, rider),
      grant(h.s.a.streetOperator, rider),
      remove(rider),
      grant(h.s.a.streetOperator, rider),
    ]);
    const deletion = results[2]!;
    expect(deletion.statusCode).toBe(200);
    for (const res of [results[0]!, results[1]!, results[3]!]) expect([201, 409]).toContain(res.statusCode);
    // Whatever the order, nothing is left on the deleted account.
    expect(await balanceOf(rider.id)).toBe(0);
    expect((await reconcile(h.t.db)).ok).toBe(true);
  });
});
