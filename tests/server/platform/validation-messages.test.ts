import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { profileBody } from '../../fixtures/access.js';

/** What a message must never show: a property name, a request path, an English word. */
const ENGLISH = /[A-Za-z_]{2,}|\/body|\/query/;

describe('validation messages name the field in Chinese', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const riderHeaders = async () => bearer(accessTokenFor(t.app, await createUser(t.db, 'rider')));
  const put = async (payload: unknown) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/access/profile',
      headers: await riderHeaders(),
      payload: payload as object,
    });

  it('an over-long phone: 手机号, not phone', async () => {
    const body = expectError(await put(profileBody({ phone: '1'.repeat(21) })), 400, 'VALIDATION_FAILED');
    expect(body.field).toBe('phone');
    expect(body.message).toContain('手机号');
    expect(body.message).not.toMatch(ENGLISH);
  });

  it('an empty phone: 请填写手机号', async () => {
    const body = expectError(await put(profileBody({ phone: '' })), 400, 'VALIDATION_FAILED');
    expect(body.message).toBe('请填写手机号');
  });

  it('an empty form lists every missing required field in Chinese', async () => {
    const body = expectError(await put({}), 400, 'VALIDATION_FAILED');
    for (const label of ['真实姓名', '配送平台', '配送站点', '交通工具']) expect(body.message).toContain(label);
    expect(body.message).not.toMatch(ENGLISH);
  });

  it.each([
    ['an unknown platform', { platform: 'uber' }, '配送平台'],
    ['an over-long station', { stationName: '站'.repeat(41) }, '配送站点'],
    ['an unknown property', { nickname: 'x' }, '不支持的内容'],
  ])('the profile refuses %s in Chinese', async (_what, overrides, label) => {
    const body = expectError(await put(profileBody(overrides)), 400, 'VALIDATION_FAILED');
    expect(body.message).toContain(label);
    if (!('nickname' in overrides)) expect(body.message).not.toMatch(ENGLISH);
  });

  it('other routes: a bad query, a bad path id, a bad nested item', async () => {
    const headers = await riderHeaders();
    const query = expectError(
      await t.app.inject({ method: 'GET', url: '/api/v1/stations/nearby?lat=abc&lng=116.4', headers }),
      400,
      'VALIDATION_FAILED',
    );
    expect(query.message).toContain('纬度');
    expect(query.message).not.toMatch(ENGLISH);

    const apply = expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/access/passes',
        headers,
        payload: { communityIds: ['not-a-uuid'] },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(apply.field).toBe('communityIds.0');
    expect(apply.message).toBe('小区第 1 项的格式不正确');

    const scan = expectError(
      await t.app.inject({ method: 'POST', url: '/api/v1/access/scans', headers, payload: {} }),
      400,
      'VALIDATION_FAILED',
    );
    expect(scan.message).toContain('门岗码');
    expect(scan.message).not.toMatch(ENGLISH);
  });

  it('a staff route with a bad path parameter', async () => {
    const admin = await createUser(t.db, 'community_admin');
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/access/gates/123',
      headers: bearer(accessTokenFor(t.app, admin)),
      payload: { name: '东门' },
    });
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect(body.message).not.toMatch(ENGLISH);
    expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
