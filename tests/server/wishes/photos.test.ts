import { existsSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { communityPhotos, wishes } from '../../../server/src/db/schema/index.js';
import { communityUploadDir } from '../../../server/src/media/index.js';
import { communityApp, type TestUser } from '../../fixtures/community.js';
import { accessTokenFor, bearer } from '../../fixtures/factories.js';
import { jpeg, multipart } from '../../fixtures/reports.js';
import { expectError } from '../../support/http.js';

describe('微心愿 photos: the rider’s, the fulfilment’s, the wall, export and erasure', () => {
  const h = communityApp(new Date('2026-12-07T02:00:00Z'));

  const send = (user: TestUser, url: string, fields: Record<string, string>, files: Buffer[]) => {
    const body = multipart(
      fields,
      files.map((data) => ({ field: 'photo', data })),
    );
    return h.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { ...bearer(accessTokenFor(h.app, user)), ...body.headers },
      payload: body.payload,
    });
  };
  const wishFields = () => ({
    targetKind: 'community',
    targetId: h.s.a.community.id,
    category: '子女教育',
    body: '希望给上小学的女儿添一个新书包',
  });
  const wall = async () =>
    (await h.app.inject({ method: 'GET', url: '/api/v1/wishes/wall' })).json().items as {
      id: string;
      fulfilPhoto: { url: string } | null;
    }[];
  const toAdopted = async (id: string) => {
    const ca = h.s.a.communityAdmin;
    expect((await h.call(ca, 'POST', `/staff/wishes/${id}/review`, { decision: 'approved' })).statusCode).toBe(200);
    expect((await h.call(ca, 'POST', `/staff/wishes/${id}/adopt`, { adopterName: '朝阳爱心企业' })).statusCode).toBe(
      200,
    );
  };
  const storedKeys = async (riderId: string) =>
    (await h.t.db.select().from(communityPhotos).where(eq(communityPhotos.riderId, riderId))).map((p) => p.storageKey);

  it('a wish with a photo: the rider and the scope’s staff see it, never the wall; a fulfilment photo reaches the wall only when marked public', async () => {
    const rider = await h.registeredRider();
    const posted = await send(rider, '/wishes/with-photo', wishFields(), [await jpeg()]);
    expect(posted.statusCode).toBe(201);
    const w = posted.json();
    expect(w.photo.url).toMatch(/^\/media\/community\//);
    expect((await h.app.inject({ method: 'GET', url: w.photo.url })).statusCode).toBe(200);
    const staff = (await h.call(h.s.a.communityAdmin, 'GET', '/staff/wishes')).json().items;
    expect(staff.find((x: { id: string }) => x.id === w.id).photo.url).toMatch(/^\/media\/community\//);
    expect((await h.call(h.s.b.communityAdmin, 'GET', '/staff/wishes')).json().items).toHaveLength(0);

    await toAdopted(w.id);
    let onWall = (await wall()).find((x) => x.id === w.id)!;
    expect(onWall).toBeDefined();
    expect(JSON.stringify(onWall)).not.toContain('/media/');

    // Out of scope: refused before any photo work, nothing stored.
    const before = (await h.t.db.select().from(communityPhotos)).length;
    expectError(
      await send(h.s.b.communityAdmin, `/staff/wishes/${w.id}/fulfil-photo`, { note: '已送达' }, [await jpeg()]),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(
      await send(h.s.a.communityAdmin, `/staff/wishes/${w.id}/fulfil-photo`, { note: '已送达' }, [Buffer.from('x')]),
      400,
      'PHOTO_NOT_IMAGE',
    );
    expect((await h.t.db.select().from(communityPhotos)).length).toBe(before);

    const fulfilled = await send(
      h.s.a.communityAdmin,
      `/staff/wishes/${w.id}/fulfil-photo`,
      { note: '书包已送到驿站', public: 'false' },
      [await jpeg(640, 480)],
    );
    expect(fulfilled.statusCode).toBe(200);
    expect(fulfilled.json()).toMatchObject({ status: 'fulfilled', fulfilPhotoPublic: false });
    expect(fulfilled.json().fulfilPhoto.url).toMatch(/^\/media\/community\//);
    onWall = (await wall()).find((x) => x.id === w.id)!;
    expect(onWall.fulfilPhoto).toBeNull();
    const mine = (await h.call(rider, 'GET', '/wishes/mine')).json().items[0];
    expect(mine.fulfilPhoto.url).toMatch(/^\/media\/community\//);
    // Both photos belong to the rider's record.
    expect(await storedKeys(rider.id)).toHaveLength(2);
  });

  it('a public fulfilment photo shows on the wall; a step out of order or a bad field is refused', async () => {
    const rider = await h.registeredRider();
    const w = (await h.call(rider, 'POST', '/wishes', wishFields())).json();
    expectError(
      await send(h.s.a.communityAdmin, `/staff/wishes/${w.id}/fulfil-photo`, { note: '已送达' }, [await jpeg()]),
      409,
      'WISH_STATE',
    );
    await toAdopted(w.id);
    const bad = expectError(
      await send(h.s.a.communityAdmin, `/staff/wishes/${w.id}/fulfil-photo`, { note: '' }, [await jpeg()]),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad).toMatchObject({ field: 'note' });
    expect(bad.message).toContain('实现说明');
    const ok = await send(
      h.s.a.streetOperator,
      `/staff/wishes/${w.id}/fulfil-photo`,
      { note: '书包已送到', public: 'true' },
      [await jpeg()],
    );
    expect(ok.json()).toMatchObject({ fulfilPhotoPublic: true });
    const onWall = (await wall()).find((x) => x.id === w.id)!;
    expect(onWall.fulfilPhoto!.url).toMatch(/^\/media\/community\//);
    expect((await h.app.inject({ method: 'GET', url: onWall.fulfilPhoto!.url })).statusCode).toBe(200);
    // A bad wish field in the multipart form: refused with its Chinese name, nothing written.
    const n = (await h.t.db.select().from(wishes)).length;
    const badCat = expectError(
      await send(rider, '/wishes/with-photo', { ...wishFields(), category: '发财' }, [await jpeg()]),
      400,
      'VALIDATION_FAILED',
    );
    expect(badCat).toMatchObject({ field: 'category' });
    expect((await h.t.db.select().from(wishes)).length).toBe(n);
  });

  it('privacy: the export carries the photos; account deletion erases rows and files', async () => {
    const rider = await h.registeredRider();
    const w = (await send(rider, '/wishes/with-photo', wishFields(), [await jpeg()])).json();
    await toAdopted(w.id);
    await send(h.s.a.communityAdmin, `/staff/wishes/${w.id}/fulfil-photo`, { note: '已送达', public: 'true' }, [
      await jpeg(),
    ]);
    const task = (
      await h.call(h.s.a.communityAdmin, 'POST', '/staff/tasks', {
        kind: '送药',
        title: '送药',
        area: '呼家楼',
        privateAddress: '3 号楼 501',
        startsAt: new Date(h.now().getTime() + 3600_000).toISOString(),
        endsAt: new Date(h.now().getTime() + 5 * 3600_000).toISOString(),
        slots: 1,
        points: 5,
      })
    ).json();
    await h.call(rider, 'POST', `/tasks/${task.id}/claim`);
    expect((await send(rider, `/tasks/${task.id}/done-photo`, { note: '送到了' }, [await jpeg()])).statusCode).toBe(
      200,
    );

    const res = await h.call(rider, 'GET', '/privacy/export');
    expect(res.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const index = JSON.parse(strFromU8(files['community-photos.json']!)) as { purpose: string; file: string }[];
    expect(index.map((p) => p.purpose).sort()).toEqual(['task_done', 'wish', 'wish_fulfil']);
    for (const p of index) expect(files[p.file]!.length).toBeGreaterThan(100);
    expect(JSON.parse(strFromU8(files['tasks.json']!))[0].photoId).toBeTruthy();

    const keys = await storedKeys(rider.id);
    const dir = communityUploadDir(h.app.config);
    expect(keys.every((k) => existsSync(path.join(dir, `${k}-display.jpg`)))).toBe(true);
    const del = await h.call(rider, 'POST', '/privacy/account/delete', { confirm: '注销' });
    expect(del.statusCode).toBe(200);
    expect(await storedKeys(rider.id)).toHaveLength(0);
    expect(keys.some((k) => existsSync(path.join(dir, `${k}-display.jpg`)))).toBe(false);
    expect((await wall()).some((x) => x.id === w.id)).toBe(false);
  });
});
