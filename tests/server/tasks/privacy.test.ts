import { eq } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { suggestions, suggestionSupports, taskClaims } from '../../../server/src/db/schema/index.js';
import { communityApp } from '../../fixtures/community.js';

// The rider's 随手帮 claims and 骑思妙想 suggestions are part of 我的数据: exported, and erased
// with the account (an active claim frees its slot; suggestions and supports go).
describe('privacy: tasks and suggestions in the export and the deletion', () => {
  const h = communityApp();
  const hours = (n: number) => new Date(h.now().getTime() + n * 3600_000).toISOString();

  async function world() {
    const task = (
      await h.call(h.s.a.communityAdmin, 'POST', '/staff/tasks', {
        kind: '代购',
        title: '帮老人买菜',
        area: '呼家楼南里',
        privateAddress: '南里 8 号楼 101 李爷爷',
        startsAt: hours(1),
        endsAt: hours(4),
        slots: 2,
        points: 5,
      })
    ).json();
    const done = (
      await h.call(h.s.a.communityAdmin, 'POST', '/staff/tasks', {
        kind: '送餐助老',
        title: '老年食堂送餐',
        area: '呼家楼西里',
        privateAddress: '西里 2 号楼 303',
        startsAt: hours(1),
        endsAt: hours(4),
        slots: 1,
        points: 8,
      })
    ).json();
    const rider = await h.registeredRider('周骑手');
    const other = await h.registeredRider('吴骑手');
    await h.call(rider, 'POST', `/tasks/${task.id}/claim`);
    await h.call(rider, 'POST', `/tasks/${done.id}/claim`);
    await h.call(rider, 'POST', `/tasks/${done.id}/done`, { note: '饭菜已送到，老人说谢谢' });
    const mine = (
      await h.call(rider, 'POST', '/suggestions', {
        targetKind: 'community',
        targetId: h.s.a.community.id,
        title: '我的建议',
        body: '夜间照明不足',
      })
    ).json();
    const theirs = (
      await h.call(other, 'POST', '/suggestions', {
        targetKind: 'street',
        targetId: h.s.a.street.id,
        title: '别人的建议',
        body: '增加饮水点',
      })
    ).json();
    await h.call(rider, 'POST', `/suggestions/${theirs.id}/support`);
    return { task, done, rider, other, mine, theirs };
  }

  it('export has the rider’s claims (without the resident’s exact address) and suggestions', async () => {
    const w = await world();
    const res = await h.call(w.rider, 'GET', '/privacy/export');
    expect(res.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const tasks = JSON.parse(strFromU8(files['tasks.json']!));
    expect(tasks).toEqual([
      expect.objectContaining({ task: '帮老人买菜', area: '呼家楼南里', status: 'active' }),
      expect.objectContaining({ task: '老年食堂送餐', status: 'done', note: '饭菜已送到，老人说谢谢' }),
    ]);
    expect(strFromU8(files['tasks.json']!)).not.toContain('李爷爷');
    const sug = JSON.parse(strFromU8(files['suggestions.json']!));
    expect(sug.suggestions).toEqual([expect.objectContaining({ title: '我的建议', body: '夜间照明不足' })]);
    expect(sug.supported).toEqual([expect.objectContaining({ title: '别人的建议' })]);
    expect(strFromU8(files['suggestions.json']!)).not.toContain('增加饮水点');
  });

  it('delete frees the active slot, erases notes, deletes the rider’s suggestions and takes back the supports', async () => {
    const w = await world();
    const res = await h.call(w.rider, 'POST', '/privacy/account/delete', { confirm: '注销' });
    expect(res.statusCode).toBe(200);
    const claims = await h.t.db.select().from(taskClaims).where(eq(taskClaims.riderId, w.rider.id));
    expect(claims.map((c) => [c.status, c.note]).sort()).toEqual([
      ['abandoned', null],
      ['done', null],
    ]);
    expect((await h.call(w.other, 'GET', `/tasks/${w.task.id}`)).json().slotsTaken).toBe(0);
    expect(await h.t.db.select().from(suggestions).where(eq(suggestions.riderId, w.rider.id))).toEqual([]);
    expect(await h.t.db.select().from(suggestionSupports).where(eq(suggestionSupports.riderId, w.rider.id))).toEqual(
      [],
    );
    const [theirs] = await h.t.db.select().from(suggestions).where(eq(suggestions.id, w.theirs.id));
    expect(theirs!.supportCount).toBe(0);
  });
});
