import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { auditLog, districts, invitations, users } from '../../../server/src/db/schema/index.js';
import { bootstrapDistrict, createGeoContext } from '../../../server/src/geo/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { createTestDatabase } from '../../support/db.js';
import { testEngine } from '../../support/engine.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BEIJING = path.join(root, 'scripts/stations/data/beijing-districts.geojson');
const run = promisify(execFile);

describe('first start of a real deployment: pnpm admin:bootstrap', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp(); // migrated, empty, demo mode off
  });
  afterAll(async () => {
    await t.close();
  });
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const ctx = () => createGeoContext(t.db, t.config, () => at);

  it('creates the district and a one-time invitation for its first admin, audited as the system', async () => {
    const result = await bootstrapDistrict(ctx(), { adcode: '110105', name: '朝阳区' });
    expect(result).toEqual(
      expect.objectContaining({ adcode: '110105', name: '朝阳区', boundaryPoints: null, categories: 8 }),
    );
    expect(result.invitation.code).toMatch(/^[A-Z2-9]{10}$/);
    const [invitation] = await t.db.select().from(invitations).where(eq(invitations.id, result.invitation.id));
    expect(invitation).toEqual(
      expect.objectContaining({
        role: 'district_admin',
        createdBy: null,
        scope: [{ kind: 'district', refId: result.districtId }],
        displayName: '朝阳区管理员',
      }),
    );
    expect(invitation!.codeHash).not.toContain(result.invitation.code);
    expect(invitation!.expiresAt.toISOString()).toBe(
      new Date(at.getTime() + t.config.invitationTtlHours * 3600_000).toISOString(),
    );
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, result.districtId));
    expect(audit).toEqual(
      expect.objectContaining({
        action: 'district.bootstrap',
        actorId: null,
        actorRole: 'system',
        districtId: result.districtId,
      }),
    );

    // The code makes a signed-in WeChat user the district's admin, who can then build the district.
    const person = await createUser(t.db, 'rider', [], '新管理员');
    const redeemed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations/redeem',
      headers: bearer(accessTokenFor(t.app, person)),
      payload: { code: result.invitation.code },
    });
    expect(redeemed.statusCode).toBe(200);
    const [admin] = await t.db.select().from(users).where(eq(users.id, person.id));
    expect(admin!.role).toBe('district_admin');
    const street = await t.app.inject({
      method: 'POST',
      url: '/api/v1/streets',
      headers: bearer(accessTokenFor(t.app, admin!)),
      payload: { code: '110105004', name: '呼家楼街道' },
    });
    expect(street.statusCode).toBe(201);
    expect(street.json().districtId).toBe(result.districtId);
  });

  it('refuses a second run for the same district, changing nothing', async () => {
    const before = await t.db.select().from(invitations);
    await expect(bootstrapDistrict(ctx(), { adcode: '110105', name: '朝阳区' })).rejects.toMatchObject({
      status: 409,
      code: 'DISTRICT_EXISTS',
      message: expect.stringContaining('已经初始化过'),
    });
    expect(await t.db.select().from(invitations)).toHaveLength(before.length);
    expect(await t.db.select().from(districts)).toHaveLength(1);
  });

  it('refuses a bad code or name, and takes the outline from a GeoJSON file by adcode', async () => {
    await expect(bootstrapDistrict(ctx(), { adcode: '1101', name: '东城区' })).rejects.toMatchObject({
      status: 400,
      field: 'district',
    });
    await expect(bootstrapDistrict(ctx(), { adcode: '110101', name: ' ' })).rejects.toMatchObject({
      status: 400,
      field: 'name',
    });
    const { readFileSync } = await import('node:fs');
    const geojson = JSON.parse(readFileSync(BEIJING, 'utf8'));
    await expect(
      bootstrapDistrict(ctx(), { adcode: '110999', name: '无此区', boundary: geojson }),
    ).rejects.toMatchObject({ status: 400, code: 'IMPORT_FILE_INVALID' });
    const dongcheng = await bootstrapDistrict(ctx(), { adcode: '110101', name: '东城区', boundary: geojson });
    expect(dongcheng.boundaryPoints).toBeGreaterThan(20);
    const [row] = await t.db.select().from(districts).where(eq(districts.adcode, '110101'));
    expect(row!.boundary!.length).toBe(dongcheng.boundaryPoints);
  });

  it('the command prints the code once and refuses a second run with exit code 1', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'nx-bootstrap-'));
    const database = testEngine() === 'postgres' ? await createTestDatabase() : null;
    try {
      const env: Record<string, string> = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir } as never;
      delete env.NODE_OPTIONS;
      delete env.DATABASE_URL;
      if (database?.url) env.DATABASE_URL = database.url;
      const tsx = path.join(root, 'node_modules/.bin/tsx');
      const args = [path.join(root, 'scripts/admin/bootstrap.ts'), '--district', '110105', '--name', '朝阳区'];
      const first = await run(tsx, args, { env, cwd: root });
      expect(first.stdout).toMatch(/invitation code: [A-Z2-9]{10}/);
      const second = await run(tsx, args, { env, cwd: root }).then(
        () => ({ code: 0, stderr: '' }),
        (err: { code: number; stderr: string }) => err,
      );
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('DISTRICT_EXISTS');
      expect(second.stderr).toContain('已经初始化过');
    } finally {
      await database?.close(); // on PostgreSQL this drops the database: only after the command ran
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
