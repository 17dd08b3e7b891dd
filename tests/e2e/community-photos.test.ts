import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { communities, users } from '../../server/src/db/schema/index.js';
import { accessTokenFor, bearer } from '../fixtures/factories.js';
import { fillInput, signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

/** Tomorrow in Beijing, YYYY-MM-DD. */
const tomorrow = () => new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);

describe('H5 app in Chromium: 随手帮 完成 with a photo, edit and cancel; 微心愿 with a photo; 积分管理办法', () => {
  let e: E2E;
  let photo: string;
  let taskId: string;

  beforeAll(async () => {
    e = await startE2E();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-community-photos-'));
    photo = path.join(dir, 'done.jpg');
    await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 30, g: 140, b: 90 } } })
      .jpeg()
      .toFile(photo);
    // The task is posted through the API (the posting form has its own browser test).
    const [admin] = await e.t.db.select().from(users).where(eq(users.demoAccount, 'community_admin'));
    const [community] = await e.t.db.select().from(communities).where(eq(communities.name, '金台里小区'));
    const res = await e.t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/tasks',
      headers: bearer(accessTokenFor(e.t.app, { id: admin!.id, role: 'community_admin' })),
      payload: {
        kind: '代购',
        title: '帮独居老人买菜',
        area: '金台里小区北门',
        privateAddress: '金台里 5 号楼 301 李爷爷',
        communityId: community!.id,
        startsAt: `${tomorrow()}T09:00:00+08:00`,
        endsAt: `${tomorrow()}T18:00:00+08:00`,
        slots: 2,
        points: 10,
      },
    });
    expect(res.statusCode).toBe(201);
    taskId = res.json().id;
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('the rider claims and marks the task done with a photo only; the photo shows', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.goto(`${e.base}/#/packages/community/tasks/detail/index?id=${taskId}`);
    await page.locator('.nx-ctask__claim').click();
    await page.locator('.nx-ctask__private', { hasText: '李爷爷' }).waitFor();
    // Neither note nor photo: refused before sending.
    await page.locator('.nx-ctask__done').click();
    await page.getByText('请填写完成说明或拍一张照片').first().waitFor();
    await page.locator('input.nx-photos__input').first().setInputFiles(photo);
    await page.locator('.nx-photos__item').first().waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('e2e-community-task-photo-picked');
    await page.locator('.nx-ctask__done').click();
    await page.getByText('已标记完成，等待发布人确认后发放积分。').first().waitFor();
    await page.locator('img.nx-ctask__photo, .nx-ctask__photo img').first().waitFor();
    const loaded = await page
      .locator('img.nx-ctask__photo, .nx-ctask__photo img')
      .first()
      .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
    expect(loaded).toBe(true);
    await page.waitForTimeout(300);
    await e.screenshot('e2e-community-task-done-photo');
  });

  it('the poster sees the photo, edits the time, then cancels with a reason', async () => {
    const { page } = e;
    await signInFresh(e, 'community_admin');
    await page.goto(`${e.base}/#/packages/community/staff/tasks/detail/index?id=${taskId}`);
    await page.locator('.nx-staff-task__claim', { hasText: '待确认' }).waitFor();
    await page.locator('.nx-staff-task__photo').first().waitFor();
    await page.locator('.nx-staff-task__edit').click();
    await fillInput(e, 'nx-staff-task__slots', '0');
    await page.locator('.nx-staff-task__save').click();
    await page.getByText('人数至少为 1').first().waitFor();
    await fillInput(e, 'nx-staff-task__slots', '3');
    await page.locator('.nx-staff-task__save').click();
    await page.getByText('已保存').first().waitFor();
    await page.getByText('已认领 1/3').first().waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('e2e-community-task-staff-edited');
    await page.locator('.nx-staff-task__cancel').click();
    await page.locator('.nx-staff-task__reason textarea').fill('老人已由家属照顾');
    await page.locator('.nx-staff-task__cancel-confirm').click();
    await page.getByText('已取消：老人已由家属照顾').first().waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('e2e-community-task-staff-cancelled');
  });

  it('the rider posts a wish with a photo; it shows under 我的心愿', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.goto(`${e.base}/#/packages/community/wishes/new/index`);
    await fillInput(e, 'nx-new-wish__search', '金台里');
    await page.locator('.nx-new-wish__target', { hasText: '金台里' }).first().click();
    await page.locator('.nx-new-wish__category').first().click();
    await page.locator('.nx-new-wish__body textarea').fill('希望给上小学的女儿添一个新书包');
    await page.locator('input.nx-photos__input').first().setInputFiles(photo);
    await page.locator('.nx-photos__item').first().waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('e2e-community-wish-form');
    await page.locator('.nx-new-wish__submit').click();
    await page.locator('.nx-wish__own-photo').first().waitFor();
    await page.waitForTimeout(500);
    await e.screenshot('e2e-community-wish-mine');
  });

  it('积分管理办法: the rider opens it from the points page; the district admin publishes a new version', async () => {
    const { page } = e;
    await page.goto(`${e.base}/#/packages/points/index`);
    await page.locator('.nx-points__rules-link').click();
    await page.getByText('朝阳区新就业群体骑手积分管理办法（试行）').first().waitFor();
    await page.getByText('现行积分规则').first().waitFor();
    expect(await page.locator('.nx-rules__rule').count()).toBeGreaterThan(2);
    await page.waitForTimeout(300);
    await e.screenshot('e2e-community-points-rules');

    await signInFresh(e, 'district_admin');
    await page.locator('.nx-staff-entry').first().click();
    await page.locator('.nx-staff__section', { hasText: '积分管理办法' }).first().click();
    await page.getByText('现行第 1 版').first().waitFor();
    await fillInput(e, 'nx-rules-admin__title', '朝阳区新就业群体骑手积分管理办法');
    await fillInput(e, 'nx-rules-admin__date', tomorrow());
    await page.locator('.nx-rules-admin__publish').click();
    await page.getByText('已发布新版本').first().waitFor();
    await page.getByText(`第 2 版`).first().waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('e2e-community-points-rules-admin');
  });
});
