import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { legalCaseAttachments, legalCases, legalCaseUpdates } from '../../../server/src/db/schema/index.js';
import { legalUploadDir } from '../../../server/src/legal/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { accessTokenFor, bearer } from '../../fixtures/factories.js';
import { jpeg, multipart } from '../../fixtures/reports.js';
import { createLegalWorld, legalCall, openBody, SECRET_STORY, type LegalWorld } from '../../fixtures/legal.js';

describe('法律援助 and the rider’s privacy rights: export and delete include the cases', () => {
  let t: TestContext;
  let w: LegalWorld;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await createLegalWorld(t.db);
  });
  afterAll(async () => t.close());

  it('the export holds the rider’s cases with their timeline (phone masked); the deletion removes cases, rows and files', async () => {
    const opened = await legalCall(t.app, w.rider, 'POST', '/api/v1/legal/cases', openBody(w.dA.id));
    const id = opened.json().case.id as string;
    const other = (
      await legalCall(
        t.app,
        w.rider2,
        'POST',
        '/api/v1/legal/cases',
        openBody(w.dA.id, { contactPreference: 'message', description: '别人的案情' }),
      )
    ).json().case.id as string;
    const form = multipart({}, [{ field: 'photos', data: await jpeg(500, 400) }]);
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v1/legal/cases/${id}/attachments`,
      headers: { ...bearer(accessTokenFor(t.app, w.rider)), ...form.headers },
      payload: form.payload,
    });
    expect(up.statusCode).toBe(200);
    await legalCall(t.app, w.mediatorA, 'POST', `/api/v1/staff/legal/cases/${id}/accept`);

    const exported = await legalCall(t.app, w.rider, 'GET', '/api/v1/privacy/export');
    expect(exported.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(exported.rawPayload));
    const cases = JSON.parse(strFromU8(files['legal-cases.json']!)) as {
      id: string;
      description: string;
      contactPhone: string;
      timeline: { action: string }[];
      attachments: unknown[];
    }[];
    expect(cases.map((c) => c.id)).toEqual([id]);
    expect(cases[0]).toMatchObject({ description: SECRET_STORY, contactPhone: '138****5678' });
    expect(cases[0]!.timeline.map((u) => u.action)).toEqual(['submit', 'attachment', 'accept']);
    expect(cases[0]!.attachments).toHaveLength(1);
    expect(strFromU8(files['README.txt'] ?? files['README.md'] ?? new Uint8Array())).toContain('legal-cases.json');

    const [att] = await t.db.select().from(legalCaseAttachments).where(eq(legalCaseAttachments.caseId, id));
    const file = path.join(legalUploadDir(t.config), `${att!.storageKey}-display.jpg`);
    expect(fs.existsSync(file)).toBe(true);

    const deleted = await legalCall(t.app, w.rider, 'POST', '/api/v1/privacy/account/delete', { confirm: '注销' });
    expect(deleted.statusCode).toBe(200);
    expect(await t.db.select().from(legalCases).where(eq(legalCases.id, id))).toEqual([]);
    expect(await t.db.select().from(legalCaseUpdates).where(eq(legalCaseUpdates.caseId, id))).toEqual([]);
    expect(await t.db.select().from(legalCaseAttachments).where(eq(legalCaseAttachments.caseId, id))).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
    // Another rider's case is untouched.
    expect(await t.db.select().from(legalCases).where(eq(legalCases.id, other))).toHaveLength(1);
  });
});
