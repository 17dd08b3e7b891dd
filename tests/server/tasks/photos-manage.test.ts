import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { auditLog, communityPhotos, notifications, taskClaims } from '../../../server/src/db/schema/index.js';
import { communityApp, type TestUser } from '../../fixtures/community.js';
import { accessTokenFor, bearer } from '../../fixtures/factories.js';
import { jpeg, multipart } from '../../fixtures/reports.js';
import { expectError, tamperSignature } from '../../support/http.js';

const hours = (h: number, from: Date) => new Date(from.getTime() + h * 3600_000).toISOString();

describe('随手帮: 完成 with a photo, edit and cancel by the poster', () => {
  const h = communityApp(new Date('2026-12-07T02:00:00Z'));

  const post = async (overrides: Record<string, unknown> = {}, by: TestUser = h.s.a.communityAdmin) => {
    const res = await h.call(by, 'POST', '/staff/tasks', {
      kind: '代购',
      title: '帮独居老人买菜',
      area: '呼家楼北里',
      privateAddress: '呼家楼北里 3 号楼 2 单元 501 王奶奶',
      startsAt: hours(1, h.now()),
      endsAt: hours(5, h.now()),
      slots: 3,
      points: 10,
      ...overrides,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  };
  const claimed = async (taskId: string) => {
    const rider = await h.registeredRider();
    expect((await h.call(rider, 'POST', `/tasks/${taskId}/claim`)).statusCode).toBe(200);
    return rider;
  };
  const donePhoto = (rider: TestUser, taskId: string, fields: Record<string, string>, files: Buffer[]) => {
    const body = multipart(
      fields,
      files.map((data) => ({ field: 'photo', data })),
    );
    return h.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${taskId}/done-photo`,
      headers: { ...bearer(accessTokenFor(h.app, rider)), ...body.headers },
      payload: body.payload,
    });
  };

  it('marks done with a photo only (no note): stored without EXIF, seen by the rider and the poster, confirmed → points', async () => {
    const task = await post();
    const rider = await claimed(task.id);
    const res = await donePhoto(rider, task.id, {}, [await jpeg(800, 600, { orientation: 6 })]);
    expect(res.statusCode).toBe(200);
    const mine = res.json().myClaim;
    expect(mine).toMatchObject({ status: 'done', note: null });
    expect(mine.photo.url).toMatch(/^\/media\/community\/[0-9a-f-]{36}\/display\.jpg\?exp=\d+&sig=/);

    const bytes = await h.app.inject({ method: 'GET', url: mine.photo.url });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.headers['cache-control']).toBe('private, no-store');
    const meta = await sharp(bytes.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(bytes.rawPayload.toString('latin1')).not.toContain('secret-device');
    // Auto-rotated from EXIF orientation 6: portrait now.
    expect(meta.height).toBeGreaterThan(meta.width!);
    expect((await h.app.inject({ method: 'GET', url: mine.photo.thumbUrl })).statusCode).toBe(200);
    // A tampered signature opens nothing; the link expires with the clock.
    expect((await h.app.inject({ method: 'GET', url: tamperSignature(mine.photo.url) })).statusCode).toBe(403);

    const staff = (await h.call(h.s.a.communityAdmin, 'GET', `/staff/tasks/${task.id}`)).json();
    expect(staff.claims[0].photo.url).toMatch(/^\/media\/community\//);
    // Another rider's view of the task carries no photo; the other scope cannot open the task.
    const other = await h.registeredRider();
    expect(JSON.stringify((await h.call(other, 'GET', `/tasks/${task.id}`)).json())).not.toContain('/media/');
    expectError(await h.call(h.s.b.communityAdmin, 'GET', `/staff/tasks/${task.id}`), 403, 'OUT_OF_SCOPE');

    const confirm = await h.call(h.s.a.communityAdmin, 'POST', `/staff/task-claims/${staff.claims[0].id}/confirm`);
    expect(confirm.json().credit).toBe('credited');
    expect(await h.available(rider)).toBe(10);

    h.advanceHours(1);
    expect((await h.app.inject({ method: 'GET', url: mine.photo.url })).statusCode).toBe(403);
  });

  it('refuses 完成 with neither note nor photo, and a file that is not an image, writing nothing', async () => {
    const task = await post();
    const rider = await claimed(task.id);
    const before = (await h.t.db.select().from(communityPhotos)).length;
    expect(expectError(await donePhoto(rider, task.id, { note: '' }, []), 400, 'PHOTO_REQUIRED').field).toBe('photo');
    expect(
      expectError(await h.call(rider, 'POST', `/tasks/${task.id}/done`, { note: '' }), 400, 'VALIDATION_FAILED')
        .message,
    ).toContain('完成说明');
    const notImage = expectError(
      await donePhoto(rider, task.id, { note: '送到了' }, [Buffer.from('not a photo at all')]),
      400,
      'PHOTO_NOT_IMAGE',
    );
    expect(notImage.field).toBe('photo');
    const tooLong = expectError(
      await donePhoto(rider, task.id, { note: '长'.repeat(301) }, [await jpeg()]),
      400,
      'VALIDATION_FAILED',
    );
    expect(tooLong).toMatchObject({ field: 'note' });
    expect(tooLong.message).toContain('完成说明');
    expect((await h.t.db.select().from(communityPhotos)).length).toBe(before);
    const [claim] = await h.t.db.select().from(taskClaims).where(eq(taskClaims.riderId, rider.id));
    expect(claim).toMatchObject({ status: 'active', photoId: null });
    // Note and photo together are fine.
    const both = await donePhoto(rider, task.id, { note: '菜已送到' }, [await jpeg()]);
    expect(both.json().myClaim).toMatchObject({ status: 'done', note: '菜已送到' });
  });

  it('edits: fewer slots than claims is a Chinese 409; a new time or place tells each claimant once; audited without the address', async () => {
    const task = await post();
    const a = await claimed(task.id);
    const b = await claimed(task.id);
    const admin = h.s.a.communityAdmin;
    const below = expectError(
      await h.call(admin, 'PATCH', `/staff/tasks/${task.id}`, { slots: 1 }),
      409,
      'TASK_SLOTS_BELOW_CLAIMS',
    );
    expect(below.message).toContain('2');
    expect((await h.call(admin, 'PATCH', `/staff/tasks/${task.id}`, { slots: 2 })).json()).toMatchObject({ slots: 2 });
    expectError(await h.call(await h.registeredRider(), 'POST', `/tasks/${task.id}/claim`), 409, 'TASK_FULL');
    expectError(await h.call(admin, 'PATCH', `/staff/tasks/${task.id}`, {}), 400, 'NOTHING_TO_UPDATE');
    expectError(
      await h.call(admin, 'PATCH', `/staff/tasks/${task.id}`, { endsAt: hours(0.5, h.now()) }),
      400,
      'TASK_WINDOW_INVALID',
    );
    expectError(
      await h.call(h.s.b.communityAdmin, 'PATCH', `/staff/tasks/${task.id}`, { slots: 3 }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(await h.call(a, 'PATCH', `/staff/tasks/${task.id}`, { slots: 3 }), 403, 'FORBIDDEN');

    const moved = await h.call(admin, 'PATCH', `/staff/tasks/${task.id}`, {
      startsAt: hours(2, h.now()),
      endsAt: hours(6, h.now()),
      privateAddress: '呼家楼北里 5 号楼 101 李爷爷',
    });
    expect(moved.statusCode).toBe(200);
    for (const r of [a, b]) {
      const notes = await h.t.db.select().from(notifications).where(eq(notifications.userId, r.id));
      const changed = notes.filter((n) => n.kind === 'task_changed');
      expect(changed).toHaveLength(1);
      expect(changed[0]!.body).toContain('时间改为');
    }
    // The claimant sees the new exact address.
    expect((await h.call(a, 'GET', `/tasks/${task.id}`)).json().privateAddress).toContain('李爷爷');
    const audits = await h.t.db.select().from(auditLog).where(eq(auditLog.targetId, task.id));
    const edits = audits.filter((x) => x.action === 'task.edit');
    expect(edits).toHaveLength(2);
    // The exact addresses (an elderly resident's door) never reach the audit rows.
    expect(JSON.stringify(edits.map((x) => [x.before, x.after]))).not.toMatch(/王奶奶|李爷爷|单元/);
  });

  it('cancels: active claims end and are told once, a done claim stays confirmable; a cancelled task refuses claims, 完成 and a second cancel', async () => {
    const task = await post();
    const active = await claimed(task.id);
    const finished = await claimed(task.id);
    expect((await h.call(finished, 'POST', `/tasks/${task.id}/done`, { note: '已送达' })).statusCode).toBe(200);
    const admin = h.s.a.communityAdmin;
    expectError(
      await h.call(admin, 'POST', `/staff/tasks/${task.id}/cancel`, { reason: '  ' }),
      400,
      'VALIDATION_FAILED',
    );
    const cancelled = await h.call(admin, 'POST', `/staff/tasks/${task.id}/cancel`, { reason: '老人已由家属照顾' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '老人已由家属照顾' });
    const statuses = Object.fromEntries(
      cancelled.json().claims.map((c: { status: string; id: string }) => [c.status, c.id]),
    );
    expect(Object.keys(statuses).sort()).toEqual(['cancelled', 'done']);

    expectError(
      await h.call(admin, 'POST', `/staff/tasks/${task.id}/cancel`, { reason: '再取消' }),
      409,
      'TASK_CANCELLED',
    );
    expectError(await h.call(admin, 'PATCH', `/staff/tasks/${task.id}`, { slots: 5 }), 409, 'TASK_CANCELLED');
    expectError(await h.call(await h.registeredRider(), 'POST', `/tasks/${task.id}/claim`), 409, 'TASK_NOT_OPEN');
    expectError(await h.call(active, 'POST', `/tasks/${task.id}/done`, { note: '做完了' }), 409, 'TASK_CANCELLED');
    expectError(await donePhoto(active, task.id, {}, [await jpeg()]), 409, 'TASK_CANCELLED');
    expect((await h.call(active, 'GET', `/tasks/${task.id}`)).json().privateAddress).toBeNull();

    const told = await h.t.db.select().from(notifications).where(eq(notifications.userId, active.id));
    expect(told.filter((n) => n.kind === 'task_cancelled')).toHaveLength(1);
    const notTold = await h.t.db.select().from(notifications).where(eq(notifications.userId, finished.id));
    expect(notTold.filter((n) => n.kind === 'task_cancelled')).toHaveLength(0);
    // The rider who did the work is still confirmed and paid.
    const confirm = await h.call(admin, 'POST', `/staff/task-claims/${statuses.done}/confirm`);
    expect(confirm.json().credit).toBe('credited');
    const audits = await h.t.db.select().from(auditLog).where(eq(auditLog.targetId, task.id));
    expect(audits.filter((x) => x.action === 'task.cancel')).toHaveLength(1);
    // Cancelled tasks leave the rider's list.
    const list = (await h.call(active, 'GET', '/tasks')).json().items as { id: string }[];
    expect(list.some((t) => t.id === task.id)).toBe(false);
  });

  it('two staff cancelling at once: one cancels, the other gets 409, riders told once', async () => {
    const task = await post();
    const rider = await claimed(task.id);
    const [x, y] = await Promise.all([
      h.call(h.s.a.communityAdmin, 'POST', `/staff/tasks/${task.id}/cancel`, { reason: '天气原因' }),
      h.call(h.s.a.streetOperator, 'POST', `/staff/tasks/${task.id}/cancel`, { reason: '天气原因' }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const told = await h.t.db.select().from(notifications).where(eq(notifications.userId, rider.id));
    expect(told.filter((n) => n.kind === 'task_cancelled')).toHaveLength(1);
  });
});
