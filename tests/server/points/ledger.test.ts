import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../server/src/db/client.js';
import { pointAccountBalances, pointAccounts, pointTransfers } from '../../../server/src/db/schema/index.js';
import {
  available,
  createTransfer,
  lockRiderAccount,
  pgErrorOf,
  SYSTEM_ACCOUNTS,
  type TransferInput,
  reconcile,
} from '../../../server/src/points/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { createUser } from '../../fixtures/factories.js';
import { fundRider } from '../../fixtures/points.js';

/** Runs `fn` in a transaction and returns the database's refusal (constraint name), if any. */
async function refusal(db: Db, fn: (tx: Db) => Promise<unknown>): Promise<string | undefined> {
  try {
    await db.transaction(async (t) => {
      await fn(t as unknown as Db);
    });
    return undefined;
  } catch (err) {
    const pg = pgErrorOf(err);
    return pg?.constraint ?? pg?.code ?? String(err);
  }
}

const hold = (accountId: string, amount: number, id = randomUUID()): TransferInput => ({
  id,
  debitAccountId: accountId,
  creditAccountId: SYSTEM_ACCOUNTS.redeemed,
  amount,
  kind: 'pending',
  reason: 'voucher_hold',
  sourceType: 'voucher',
  sourceId: randomUUID(),
  createdAt: new Date(),
});

describe('points ledger: invariants enforced by the database', () => {
  let t: TestContext;
  let riderId: string;
  let accountId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    riderId = (await createUser(t.db, 'rider')).id;
    await fundRider(t.db, riderId, 20);
    const [account] = await t.db.select().from(pointAccounts).where(eq(pointAccounts.userId, riderId));
    accountId = account!.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const account = async () => (await t.db.select().from(pointAccounts).where(eq(pointAccounts.id, accountId)))[0]!;

  it('applies a transfer to both accounts in the same statement', async () => {
    expect(available(await account())).toBe(20);
    const [issuance] = await t.db
      .select()
      .from(pointAccountBalances)
      .where(eq(pointAccountBalances.id, SYSTEM_ACCOUNTS.issuance));
    expect(issuance!.debitsPosted).toBeGreaterThanOrEqual(20);
  });

  it('refuses a hold that would overdraw the rider (CHECK debits_must_not_exceed_credits), nothing changed', async () => {
    const before = await account();
    expect(await refusal(t.db, (tx) => createTransfer(tx, hold(accountId, 21)))).toBe('debits_must_not_exceed_credits');
    expect(await account()).toEqual(before);
  });

  it('refuses a direct UPDATE of a balance: balances move only through transfers', async () => {
    expect(
      await refusal(t.db, (tx) =>
        tx.execute(sql`UPDATE point_accounts SET credits_posted = credits_posted + 1000 WHERE id = ${accountId}`),
      ),
    ).toBe('point_accounts_change_by_transfer');
  });

  it('spreads a system account over shards by rider, and its balance is the row plus its shards', async () => {
    const riders = await Promise.all(Array.from({ length: 12 }, () => createUser(t.db, 'rider')));
    for (const rider of riders) await fundRider(t.db, rider.id, 3);
    const shards = rowsOf<{ shard: number; debits_posted: number }>(
      await t.db.execute(
        sql`SELECT shard, debits_posted FROM point_account_shards WHERE account_id = ${SYSTEM_ACCOUNTS.issuance} AND debits_posted > 0`,
      ),
    );
    // 12 riders over 16 shards: several shards, not one hot row.
    expect(shards.length).toBeGreaterThan(4);
    const [issued] = rowsOf<{ n: number }>(
      await t.db.execute(
        sql`SELECT coalesce(sum(amount), 0)::int AS n FROM point_transfers WHERE debit_account_id = ${SYSTEM_ACCOUNTS.issuance} AND kind = 'single'`,
      ),
    );
    const [balance] = await t.db
      .select()
      .from(pointAccountBalances)
      .where(eq(pointAccountBalances.id, SYSTEM_ACCOUNTS.issuance));
    expect(balance!.debitsPosted).toBe(Number(issued!.n));
    expect((await reconcile(t.db)).ok).toBe(true);
  });

  it('refuses a direct UPDATE, INSERT or DELETE of a shard', async () => {
    expect(
      await refusal(t.db, (tx) =>
        tx.execute(
          sql`UPDATE point_account_shards SET credits_posted = credits_posted + 1000 WHERE account_id = ${SYSTEM_ACCOUNTS.redeemed} AND shard = 0`,
        ),
      ),
    ).toBe('point_accounts_change_by_transfer');
    expect(
      await refusal(t.db, (tx) =>
        tx.execute(sql`DELETE FROM point_account_shards WHERE account_id = ${SYSTEM_ACCOUNTS.redeemed} AND shard = 0`),
      ),
    ).toBe('point_accounts_never_deleted');
    expect(
      await refusal(t.db, (tx) =>
        tx.execute(
          sql`INSERT INTO point_account_shards (account_id, shard, credits_posted) VALUES (${accountId}, 3, 50)`,
        ),
      ),
    ).toBe('point_accounts_start_at_zero');
    // A rider's balance never leaves its row (where the overdraft CHECK is).
    expect(
      await refusal(t.db, (tx) =>
        tx.execute(sql`INSERT INTO point_account_shards (account_id, shard) VALUES (${accountId}, 3)`),
      ),
    ).toBe('point_account_shards_system_only');
  });

  it('refuses UPDATE and DELETE of a transfer: transfers are immutable', async () => {
    const [any] = await t.db.select().from(pointTransfers).limit(1);
    expect(
      await refusal(t.db, (tx) => tx.execute(sql`UPDATE point_transfers SET amount = 1 WHERE id = ${any!.id}`)),
    ).toBe('point_transfers_immutable');
    expect(await refusal(t.db, (tx) => tx.execute(sql`DELETE FROM point_transfers WHERE id = ${any!.id}`))).toBe(
      'point_transfers_immutable',
    );
  });

  it('refuses zero, negative and fractional amounts (CHECK and code)', async () => {
    for (const amount of [0, -5]) {
      expect(
        await refusal(t.db, (tx) =>
          tx.execute(sql`INSERT INTO point_transfers (id, debit_account_id, credit_account_id, amount, kind, reason, source_type, source_id)
                         VALUES (${randomUUID()}, ${SYSTEM_ACCOUNTS.issuance}, ${accountId}, ${amount}, 'single', 'report_accepted', 'report', 'x')`),
        ),
      ).toBe('point_transfers_amount_positive');
    }
    await expect(
      t.db.transaction((tx) => createTransfer(tx as unknown as Db, { ...hold(accountId, 1.5) })),
    ).rejects.toMatchObject({
      code: 'AMOUNT_INVALID',
    });
  });

  it('a hold resolves exactly once: a second post or void is refused (unique pending_id)', async () => {
    const h = hold(accountId, 5);
    await t.db.transaction((tx) => createTransfer(tx as unknown as Db, h));
    expect((await account()).debitsPending).toBe(5);
    const resolve = (kind: 'post_pending' | 'void_pending'): TransferInput => ({
      ...h,
      id: randomUUID(),
      kind,
      pendingId: h.id,
      reason: kind === 'post_pending' ? 'voucher_used' : 'voucher_cancelled',
    });
    await t.db.transaction((tx) => createTransfer(tx as unknown as Db, resolve('post_pending')));
    expect(await refusal(t.db, (tx) => createTransfer(tx, resolve('void_pending')))).toBe(
      'point_transfers_resolves_once',
    );
    expect(await refusal(t.db, (tx) => createTransfer(tx, resolve('post_pending')))).toBe(
      'point_transfers_resolves_once',
    );
    const after = await account();
    expect({ pending: after.debitsPending, posted: after.debitsPosted, available: available(after) }).toEqual({
      pending: 0,
      posted: 5,
      available: 15,
    });
  });

  it('refuses a post that does not match its hold, or that names a transfer that is not a hold', async () => {
    const h = hold(accountId, 3);
    await t.db.transaction((tx) => createTransfer(tx as unknown as Db, h));
    const post = {
      ...h,
      id: randomUUID(),
      kind: 'post_pending' as const,
      pendingId: h.id,
      reason: 'voucher_used' as const,
    };
    expect(await refusal(t.db, (tx) => createTransfer(tx, { ...post, amount: 2 }))).toBe(
      'point_transfers_matches_pending',
    );
    const [single] = await t.db.select().from(pointTransfers).where(eq(pointTransfers.kind, 'single')).limit(1);
    expect(await refusal(t.db, (tx) => createTransfer(tx, { ...post, pendingId: single!.id }))).toBe(
      'point_transfers_pending_exists',
    );
    await t.db.transaction((tx) =>
      createTransfer(tx as unknown as Db, { ...post, kind: 'void_pending', reason: 'voucher_cancelled' }),
    );
  });

  it('a repeated transfer id is the same transfer; with different fields it is refused', async () => {
    const h = hold(accountId, 1);
    const first = await t.db.transaction((tx) => createTransfer(tx as unknown as Db, h));
    const again = await t.db.transaction((tx) => createTransfer(tx as unknown as Db, { ...h, createdAt: new Date() }));
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, transfer: { id: h.id } });
    expect((await account()).debitsPending).toBe(1);
    await expect(
      t.db.transaction((tx) => createTransfer(tx as unknown as Db, { ...h, amount: 2 })),
    ).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('creates a rider account once, even when asked concurrently', async () => {
    const user = await createUser(t.db, 'rider');
    await Promise.all(
      Array.from({ length: 5 }, () => t.db.transaction((tx) => lockRiderAccount(tx as unknown as Db, user.id))),
    );
    const rows = rowsOf<{ n: number }>(
      await t.db.execute(sql`SELECT count(*)::int AS n FROM point_accounts WHERE user_id = ${user.id}`),
    );
    expect(Number(rows[0]!.n)).toBe(1);
  });
});

describe('reconciliation', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  const fresh = async () => {
    const rider = await createUser(t.db, 'rider');
    await fundRider(t.db, rider.id, 9);
    const [account] = await t.db.select().from(pointAccounts).where(eq(pointAccounts.userId, rider.id));
    return { db: t.db, accountId: account!.id };
  };

  it('reconciliation passes on a consistent ledger, and names the broken invariant when one fails', async () => {
    const r = await fresh();
    const db = r.db;
    const good = await reconcile(db);
    expect(good.checks.filter((c) => !c.ok)).toEqual([]);
    expect(good.ok).toBe(true);
    // Tamper behind the guard's back (as a superuser could): reconciliation must notice.
    await db.transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE point_accounts DISABLE TRIGGER point_accounts_guard`);
      await tx.execute(sql`UPDATE point_accounts SET credits_posted = credits_posted + 7 WHERE id = ${r.accountId}`);
      await tx.execute(sql`ALTER TABLE point_accounts ENABLE TRIGGER point_accounts_guard`);
    });
    const bad = await reconcile(db);
    expect(bad.ok).toBe(false);
    expect(bad.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([
      'all accounts sum to zero (Σ debits = Σ credits, posted and pending)',
      'every balance equals the sum of its transfers',
    ]);
    expect(bad.checks[1]!.details.join()).toContain(r.accountId);
    // Put it back so the file's data stays consistent.
    await db.transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE point_accounts DISABLE TRIGGER point_accounts_guard`);
      await tx.execute(sql`UPDATE point_accounts SET credits_posted = credits_posted - 7 WHERE id = ${r.accountId}`);
      await tx.execute(sql`ALTER TABLE point_accounts ENABLE TRIGGER point_accounts_guard`);
    });
    expect((await reconcile(db)).ok).toBe(true);
  });
});
