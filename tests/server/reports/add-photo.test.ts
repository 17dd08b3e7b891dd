import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { reportPhotos } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer } from '../../fixtures/factories.js';
import { act, createReportWorld, jpeg, multipart, submit, type ReportWorld } from '../../fixtures/reports.js';

// POST /reports/:id/photos: the mini-program's uploadFile carries one file per request, so a
// report with several photos is submitted with its first and completed here, one photo each.
describe('随手拍: one more photo per request (weapp uploadFile)', () => {
  let t: TestContext;
  let w: ReportWorld;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-uploads-'));
    t = await buildTestApp({ UPLOAD_DIR: uploadDir });
    w = await createReportWorld(t.db);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  async function addPhoto(
    user: { id: string; role: string },
    id: string,
    fields: Record<string, string>,
    photos: Buffer[],
  ) {
    const body = multipart(
      fields,
      photos.map((data) => ({ field: 'photo', data })),
    );
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/photos`,
      headers: { ...body.headers, ...bearer(accessTokenFor(t.app, user)) },
      payload: body.payload,
    });
  }
  const beforePhotos = async (id: string) =>
    t.db
      .select({ position: reportPhotos.position })
      .from(reportPhotos)
      .where(and(eq(reportPhotos.reportId, id), isNull(reportPhotos.updateId)))
      .orderBy(reportPhotos.position);
  const newReport = async () => {
    const res = await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1 });
    expect(res.statusCode).toBe(201);
    return res.json().report.id as string;
  };

  it('adds positions 1 and 2; a resend of a stored position is a replay and adds nothing', async () => {
    const id = await newReport();
    const first = await addPhoto(w.rider, id, { position: '1' }, [await jpeg(300, 200)]);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ replayed: false, report: { id } });
    expect(first.json().report.photos).toHaveLength(2);
    const again = await addPhoto(w.rider, id, { position: '1' }, [await jpeg(300, 200)]);
    expect(again.statusCode).toBe(200);
    expect(again.json().replayed).toBe(true);
    expect((await addPhoto(w.rider, id, { position: '2' }, [await jpeg()])).statusCode).toBe(201);
    expect(await beforePhotos(id)).toEqual([{ position: 0 }, { position: 1 }, { position: 2 }]);
  });

  it('two resends of one position at once store one photo', async () => {
    const id = await newReport();
    const photo = await jpeg();
    const both = await Promise.all([
      addPhoto(w.rider, id, { position: '1' }, [photo]),
      addPhoto(w.rider, id, { position: '1' }, [photo]),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(await beforePhotos(id)).toEqual([{ position: 0 }, { position: 1 }]);
  });

  it('refuses: a position out of range, no photo, two photos, another rider, staff, after the street acted', async () => {
    const id = await newReport();
    const photo = await jpeg();
    for (const position of ['0', '3', 'x', '']) {
      expect(expectError(await addPhoto(w.rider, id, { position }, [photo]), 400, 'VALIDATION_FAILED').field).toBe(
        'position',
      );
    }
    expect(expectError(await addPhoto(w.rider, id, { position: '1' }, []), 400, 'PHOTO_REQUIRED').field).toBe('photo');
    expect(
      expectError(await addPhoto(w.rider, id, { position: '1' }, [photo, photo]), 400, 'TOO_MANY_PHOTOS').field,
    ).toBe('photo');
    expectError(await addPhoto(w.rider, id, { position: '1' }, [Buffer.from('not an image')]), 400, 'PHOTO_NOT_IMAGE');
    expect((await addPhoto(w.rider2, id, { position: '1' }, [photo])).statusCode).toBe(404);
    expect((await addPhoto(w.operatorA1, id, { position: '1' }, [photo])).statusCode).toBe(403);
    expect((await act(t.app, w.operatorA1, id, { action: 'accept' })).statusCode).toBe(200);
    expect(
      expectError(await addPhoto(w.rider, id, { position: '1' }, [photo]), 409, 'REPORT_PHOTOS_CLOSED').field,
    ).toBe('photo');
    // Nothing half-written: still the submission's one photo, and no file left behind but its own.
    expect(await beforePhotos(id)).toEqual([{ position: 0 }]);
  });
});
