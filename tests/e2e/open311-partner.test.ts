import { signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

// A partner's Open311 request in the standard's form (no photo, its own media_url): the street
// operator sees it as 来自合作方, with the partner's photo link where photos show.
const HUJIALOU_WGS84 = { latitude: 39.922, longitude: 116.455 };

describe('H5 app in Chromium: an Open311 partner request with a media_url', () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E({ geolocation: HUJIALOU_WGS84 });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('the operator opens it and sees the partner’s photo link', async () => {
    const { page } = e;
    const res = await e.t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: 'dev-open311-key',
        service_code: 'pothole',
        lat: String(HUJIALOU_WGS84.latitude),
        long: String(HUJIALOU_WGS84.longitude),
        description: '合作方转来：路面塌陷',
        media_url: 'https://partner.example/media/12.jpg',
      }).toString(),
    });
    expect(res.statusCode).toBe(200);
    const id = /<service_request_id>([^<]+)<\/service_request_id>/.exec(res.body)![1]!;
    await signInFresh(e, 'street_operator');
    await page.goto(`${e.base}/#/packages/reports/staff/report/index?id=${id}`);
    const link = page.locator('.nx-staff-report__media-url').first();
    await link.waitFor();
    expect(await link.textContent()).toBe('合作方图片链接：https://partner.example/media/12.jpg');
    expect(await page.locator('.nx-source').first().textContent()).toBe('来自合作方');
    await page.waitForTimeout(600);
    await e.screenshot('e2e-open311-partner-media-url');
  });
});
