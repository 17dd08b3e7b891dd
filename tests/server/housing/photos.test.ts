import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { apartmentPhotos, auditLog } from '../../../server/src/db/schema/index.js';
import { seedId } from '../../../server/src/seed/demo.js';
import { accessTokenFor, bearer, createDistrict, createUser } from '../../fixtures/factories.js';
import { jpeg, multipart } from '../../fixtures/reports.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';

// Apartment photos (#21): uploaded by the operator or the district admin, stripped of metadata,
// ordered, deleted; riders see them through signed links.
const YS = seedId('apartment:YS-SJ');
const as = (t: TestContext, account: string, role: string) =>
  bearer(accessTokenFor(t.app, { id: seedId(`user:${account}`), role }));

describe('housing: apartment photos', () => {
  let t: TestContext;
  let operator: Record<string, string>;
  let admin: Record<string, string>;
  let rider: Record<string, string>;
  let foreignAdmin: Record<string, string>;
  let photo: Buffer;

  beforeAll(async () => {
    const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-apartment-photos-'));
    t = await buildTestApp({ UPLOAD_DIR: path.join(uploads, 'uploads') }, { demo: true });
    operator = as(t, 'apartment_operator', 'apartment_operator');
    admin = as(t, 'district_admin', 'district_admin');
    rider = as(t, 'rider', 'rider');
    const district = await createDistrict(t.db, '乙区');
    const other = await createUser(t.db, 'district_admin', [{ kind: 'district', refId: district.id }]);
    foreignAdmin = bearer(accessTokenFor(t.app, { id: other.id, role: 'district_admin' }));
    photo = await jpeg(1200, 900);
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (headers: Record<string, string>, data: Buffer = photo, type = 'image/jpeg') => {
    const form = multipart({}, [{ field: 'photo', data, type }]);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/housing/manage/apartments/${YS}/photos`,
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    });
  };
  const stored = async () =>
    (await t.db.select().from(apartmentPhotos).where(eq(apartmentPhotos.apartmentId, YS))).length;
  const riderView = async () =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/housing/apartments/${YS}`, headers: rider })).json() as {
      photos: { id: string; url: string; thumbUrl: string }[];
    };

  it('the operator adds a photo; it is stripped of its metadata and riders see it through a signed link', async () => {
    const res = await upload(operator);
    expect(res.statusCode).toBe(201);
    const [one] = res.json().items;
    const { photos } = await riderView();
    expect(photos.map((p) => p.id)).toEqual([one.id]);
    const image = await t.app.inject({ method: 'GET', url: photos[0]!.url });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toMatch(/image\/jpeg/);
    expect(image.rawPayload.includes(Buffer.from('secret-device'))).toBe(false);
    const thumb = await t.app.inject({ method: 'GET', url: photos[0]!.thumbUrl });
    expect(thumb.statusCode).toBe(200);
    // A link with another signature opens nothing.
    const forged = photos[0]!.url.replace(/sig=[^&]+/, 'sig=forged');
    const refused = await t.app.inject({ method: 'GET', url: forged });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'apartment.photo_add'), eq(auditLog.targetId, YS)));
    expect(audits).toHaveLength(1);
  });

  it('orders the photos as told, refusing a list that is not every photo once', async () => {
    await upload(admin);
    const last = (await upload(operator)).json().items as { id: string }[];
    const ids = last.map((p) => p.id);
    const reversed = [...ids].reverse();
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/housing/manage/apartments/${YS}/photos/order`,
      headers: operator,
      payload: { ids: reversed },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { id: string }) => p.id)).toEqual(reversed);
    expect((await riderView()).photos.map((p) => p.id)).toEqual(reversed);
    const wrong = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/housing/manage/apartments/${YS}/photos/order`,
      headers: operator,
      payload: { ids: reversed.slice(1) },
    });
    expectError(wrong, 400, 'APARTMENT_PHOTO_ORDER_MISMATCH');
    expect(wrong.json().field).toBe('ids');
    expect((await riderView()).photos.map((p) => p.id)).toEqual(reversed);
  });

  it('deletes a photo and its files; a second delete is 404', async () => {
    const { photos } = await riderView();
    const gone = photos[0]!;
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/housing/manage/apartments/${YS}/photos/${gone.id}`,
      headers: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { id: string }) => p.id)).toEqual(photos.slice(1).map((p) => p.id));
    expect((await t.app.inject({ method: 'GET', url: gone.url })).statusCode).toBe(404);
    expectError(
      await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/housing/manage/apartments/${YS}/photos/${gone.id}`,
        headers: admin,
      }),
      404,
      'APARTMENT_PHOTO_NOT_FOUND',
    );
  });

  it('refuses other districts, riders, a missing photo and a file that is not an image, writing nothing', async () => {
    const before = await stored();
    expectError(await upload(foreignAdmin), 403, 'OUT_OF_SCOPE');
    const { photos } = await riderView();
    expectError(
      await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/housing/manage/apartments/${YS}/photos/${photos[0]!.id}`,
        headers: foreignAdmin,
      }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/housing/manage/apartments/${YS}/photos/order`,
        headers: foreignAdmin,
        payload: { ids: photos.map((p) => p.id) },
      }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(await upload(rider), 403, 'FORBIDDEN');
    const empty = multipart({ note: 'x' }, []);
    expectError(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/housing/manage/apartments/${YS}/photos`,
        headers: { ...operator, ...empty.headers },
        payload: empty.payload,
      }),
      400,
      'PHOTO_REQUIRED',
    );
    const notImage = await upload(operator, Buffer.from('just some text, not a picture'));
    expect(notImage.statusCode).toBeGreaterThanOrEqual(400);
    expect(notImage.statusCode).toBeLessThan(500);
    expect(await stored()).toBe(before);
  });

  it('holds at nine photos, also when two are sent at once for the last place', async () => {
    while ((await stored()) < 8) expect((await upload(operator)).statusCode).toBe(201);
    const [a, b] = await Promise.all([upload(operator), upload(admin)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect(await stored()).toBe(9);
    expectError(await upload(operator), 409, 'APARTMENT_PHOTOS_FULL');
    expect(await stored()).toBe(9);
  });
});
