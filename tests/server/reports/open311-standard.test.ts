import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { gcj02ToWgs84 } from '@nuanxin/shared/geo/gcj02';
import { auditLog, reportCategories, reports } from '../../../server/src/db/schema/index.js';
import { accessTokenFor, bearer } from '../../fixtures/factories.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { act, createReportWorld, jpeg, multipart, submit, type ReportWorld } from '../../fixtures/reports.js';
import {
  EXAMPLE_DISCOVERY_XML,
  EXAMPLE_ERRORS_XML,
  EXAMPLE_POST_FIELDS,
  EXAMPLE_POST_RESPONSE_XML,
  EXAMPLE_REQUESTS_XML,
  EXAMPLE_SERVICE_DEFINITION_XML,
  EXAMPLE_SERVICES_XML,
  EXAMPLE_TOKEN_XML,
  NOT_OFFERED,
} from './open311-examples.js';

const KEY = 'partner-key-standard';
const JURISDICTION = 'test.nuanxin';
const HAN = /[\u4e00-\u9fff]/;

/** A real XML parser, lists always as arrays (one item or many), text kept as text. */
const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'].includes(name),
});
function parseXml(body: string) {
  expect(XMLValidator.validate(body)).toBe(true);
  expect(body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const doc = parser.parse(body) as Record<string, unknown>;
  delete doc['?xml'];
  return doc;
}

/** Every element path of a parsed document (`service_requests.request.status`). */
function pathsOf(node: unknown, prefix = ''): string[] {
  if (Array.isArray(node)) return [...new Set(node.flatMap((n) => pathsOf(n, prefix)))];
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => {
      const p = prefix ? `${prefix}.${k}` : k;
      return [p, ...pathsOf(v, p)];
    });
  }
  return [];
}
const offered = (p: string) => !NOT_OFFERED.some((n) => p === n || p.endsWith(`.${n}`));

/** The JSON answer as its XML would read back: text values, empty for null, one level of lists. */
function asXmlText(value: unknown, listItem?: string): unknown {
  const ITEM: Record<string, string> = {
    attributes: 'attribute',
    values: 'value',
    endpoints: 'endpoint',
    formats: 'format',
  };
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return { [listItem!]: value.map((v) => asXmlText(v)) };
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asXmlText(v, ITEM[k])]));
  return String(value);
}

function form(fields: Record<string, string | string[]>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) params.append(k, one);
  return { payload: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

describe('Open311 GeoReport v2: the standard', () => {
  let t: TestContext;
  let w: ReportWorld;
  let uploadDir: string;
  let riderReport: string;
  const wgsA1 = () => gcj02ToWgs84({ lng: 116.42, lat: 39.92 });

  const attributes = [
    {
      code: 'SIZE',
      datatype: 'singlevaluelist' as const,
      required: true,
      description: '坑有多大',
      values: [
        { key: 'small', name: '小于井盖' },
        { key: 'large', name: '大于井盖' },
      ],
    },
    { code: 'DEPTH', datatype: 'number' as const, required: false, description: '大约多深（厘米）' },
    {
      code: 'LANES',
      datatype: 'multivaluelist' as const,
      required: false,
      description: '占了哪些车道',
      values: [
        { key: 'bike', name: '非机动车道' },
        { key: 'car', name: '机动车道' },
      ],
    },
  ];

  beforeAll(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-uploads-'));
    t = await buildTestApp({ UPLOAD_DIR: uploadDir, OPEN311_API_KEYS: KEY, OPEN311_JURISDICTION_ID: JURISDICTION });
    w = await createReportWorld(t.db);
    // Set the way a district admin does (the admin API), checked below.
    const set = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/report-categories/${w.category.pothole.id}`,
      headers: bearer(accessTokenFor(t.app, w.adminA)),
      payload: { attributes },
    });
    expect(set.statusCode).toBe(200);
    riderReport = (await submit(t.app, w.rider, { category: w.category.manhole.code, point: w.points.a1 })).json()
      .report.id;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url: `/open311/v2${url}` });
  const post = (
    format: 'json' | 'xml',
    body: { payload: string | Buffer; headers: Record<string, string> },
    extra = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      payload: body.payload,
      headers: { ...body.headers, ...extra },
    });
  const signal = () => ({
    api_key: KEY,
    service_code: w.category.signal.code,
    lat: String(wgsA1().lat),
    long: String(wgsA1().lng),
  });

  describe('POST requests', () => {
    it('takes the standard’s form-urlencoded body without a photo, keeps media_url as a link, drops contact details', async () => {
      const res = await post(
        'json',
        form({
          ...EXAMPLE_POST_FIELDS,
          ...signal(),
          jurisdiction_id: JURISDICTION,
          phone: '13800001111',
          description: '路口信号灯不亮',
        }),
      );
      expect(res.statusCode).toBe(200);
      const [created] = res.json();
      expect(created).toEqual({
        service_request_id: expect.any(String),
        token: expect.stringMatching(/^o311-/),
        service_notice: '已转甲一街道',
        account_id: null,
      });
      const [r] = (await get(`/requests/${created.service_request_id}.json`)).json();
      expect(r).toMatchObject({ media_url: 'http://city.gov/media/12.jpg', description: '路口信号灯不亮' });
      const [row] = await t.db.select().from(reports).where(eq(reports.id, created.service_request_id));
      expect(row).toMatchObject({ source: 'open311', mediaUrl: 'http://city.gov/media/12.jpg' });
      expect(JSON.stringify(row)).not.toContain('13800001111');
      expect(JSON.stringify(row)).not.toContain('smith');
      // Staff see the partner's link where photos show.
      const staff = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/${created.service_request_id}`,
        headers: bearer(accessTokenFor(t.app, w.operatorA1)),
      });
      expect(staff.json()).toMatchObject({ photos: [], mediaUrl: 'http://city.gov/media/12.jpg' });
    });

    it('takes multipart with media: the photo is ours and is the request’s media_url', async () => {
      const body = multipart(signal(), [{ field: 'media', data: await jpeg() }]);
      const res = await post('json', body);
      expect(res.statusCode).toBe(200);
      const [r] = (await get(`/requests/${res.json()[0].service_request_id}.json`)).json();
      expect(r.media_url).toMatch(/^\/media\/photos\/[0-9a-f-]+\/display\.jpg\?/);
    });

    it('answers in XML the standard’s way, and with the standard’s example elements', async () => {
      const res = await post('xml', form({ ...signal(), description: '坏了' }));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/xml/);
      const doc = parseXml(res.body);
      const ours = pathsOf(doc);
      for (const p of pathsOf(parseXml(EXAMPLE_POST_RESPONSE_XML)).filter(offered)) expect(ours).toContain(p);
      expect(ours).toContain('service_requests.request.token');
    });

    it('a media_url that is not an http(s) address is refused (nothing is fetched either way)', async () => {
      for (const bad of [
        'file:///etc/passwd',
        'gopher://127.0.0.1:6379/_x',
        'http://user:pw@example.com/a.jpg',
        'not a url',
      ]) {
        const res = await post('json', form({ ...signal(), media_url: bad }));
        expect(res.statusCode).toBe(400);
        expect(res.json()).toEqual([{ code: 400, description: expect.stringMatching(/media_url/) }]);
      }
    });

    it('refuses a wrong api_key, an unknown service and a missing location, in the standard’s error format', async () => {
      const wrong = await post('xml', form({ ...signal(), api_key: 'nope' }));
      expect(wrong.statusCode).toBe(403);
      expect(parseXml(wrong.body)).toEqual({ errors: { error: [{ code: '403', description: 'api_key 无效' }] } });
      const unknown = await post('json', form({ ...signal(), service_code: 'no-such' }));
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toEqual([{ code: 400, description: '没有这个上报类别' }]);
      const { lat: _lat, ...noLat } = signal();
      const missing = await post('json', form(noLat));
      expect(missing.statusCode).toBe(400);
      expect(missing.json()[0].description).toMatch(HAN);
    });

    it('a repeated Idempotency-Key gives the same request, and its token finds it', async () => {
      const headers = { 'idempotency-key': 'partner-ticket-0001' };
      const first = await post('json', form(signal()), headers);
      const again = await post('json', form(signal()), headers);
      expect(again.json()[0].service_request_id).toBe(first.json()[0].service_request_id);
      expect(first.json()[0].token).toBe('partner-ticket-0001');
      const tok = await get('/tokens/partner-ticket-0001.json');
      expect(tok.json()).toEqual([
        { service_request_id: first.json()[0].service_request_id, token: 'partner-ticket-0001' },
      ]);
    });

    it('the app’s riders still need a photo', async () => {
      const res = await submit(t.app, w.rider, { category: w.category.signal.code, point: w.points.a1, photos: [] });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'PHOTO_REQUIRED' });
    });
  });

  describe('service attributes', () => {
    const patch = (user: { id: string; role: string }, payload: unknown) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/staff/report-categories/${w.category.pothole.id}`,
        headers: bearer(accessTokenFor(t.app, user)),
        payload: payload as Record<string, unknown>,
      });

    it('a district admin sets them (audited); a street operator may not (403); a malformed set is refused, nothing changed', async () => {
      const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, w.category.pothole.id));
      expect(audit).toMatchObject({ action: 'category.update', after: expect.objectContaining({ attributes }) });
      const refused = await patch(w.operatorA1, { attributes: [] });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'FORBIDDEN' });
      const cases: [unknown[], RegExp][] = [
        [[attributes[0], attributes[0]], /编码重复/],
        [[{ code: 'X', datatype: 'singlevaluelist', required: true, description: '选什么' }], /至少要有一个选项/],
        [
          [{ code: 'X', datatype: 'number', required: true, description: '多少', values: [{ key: 'a', name: 'A' }] }],
          /只有选择题/,
        ],
        [[{ code: 'X', datatype: 'colour', required: true, description: '颜色' }], /回答类型/],
        [[{ code: 'bad code', datatype: 'string', required: true, description: '名字' }], /编码/],
      ];
      for (const [defs, message] of cases) {
        const res = await patch(w.adminA, { attributes: defs });
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toMatch(message);
      }
      const [row] = await t.db.select().from(reportCategories).where(eq(reportCategories.id, w.category.pothole.id));
      expect(row!.attributes).toEqual(attributes);
    });

    it('the service list says which categories ask more (metadata) and the definition lists the questions', async () => {
      const services = (await get('/services.json')).json();
      const pothole = services.find((s: { service_code: string }) => s.service_code === w.category.pothole.code);
      const signalSvc = services.find((s: { service_code: string }) => s.service_code === w.category.signal.code);
      expect(pothole.metadata).toBe(true);
      expect(signalSvc.metadata).toBe(false);
      const def = (await get(`/services/${w.category.pothole.code}.json`)).json();
      expect(def.attributes.map((a: { code: string; order: number }) => [a.code, a.order])).toEqual([
        ['SIZE', 1],
        ['DEPTH', 2],
        ['LANES', 3],
      ]);
      expect(def.attributes[0]).toEqual({
        variable: true,
        code: 'SIZE',
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: null,
        order: 1,
        description: '坑有多大',
        values: attributes[0]!.values,
      });
      const xml = parseXml((await get(`/services/${w.category.pothole.code}.xml`)).body);
      const ours = pathsOf(xml);
      for (const p of pathsOf(parseXml(EXAMPLE_SERVICE_DEFINITION_XML))) expect(ours).toContain(p);
    });

    const pothole = (answers: Record<string, string | string[]>) =>
      form({ ...signal(), service_code: w.category.pothole.code, ...answers });

    it('a required attribute missing is refused, naming the question in Chinese; nothing is written', async () => {
      const before = (await t.db.select().from(reports)).length;
      const res = await post('json', pothole({ 'attribute[DEPTH]': '5' }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual([{ code: 400, description: '请回答：坑有多大' }]);
      expect((await t.db.select().from(reports)).length).toBe(before);
    });

    it.each([
      [{ 'attribute[SIZE]': 'huge' }, /只能从给定的选项中选择/],
      [{ 'attribute[SIZE]': 'small', 'attribute[DEPTH]': 'deep' }, /须是数字/],
      [{ 'attribute[SIZE]': 'small', 'attribute[LANES][]': ['bike', 'plane'] }, /只能从给定的选项中选择/],
      [{ 'attribute[SIZE]': 'small', 'attribute[COLOR]': 'red' }, /没有这个附加问题/],
      [{ 'attribute[SIZE]': ['small', 'large'] }, /只能填一个回答/],
    ])('a wrong answer %j is refused', async (answers, message) => {
      const res = await post('json', pothole(answers));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual([{ code: 400, description: expect.stringMatching(message) }]);
    });

    it('valid answers are kept with the report (a multivaluelist as a list)', async () => {
      const res = await post(
        'json',
        pothole({ 'attribute[SIZE]': 'large', 'attribute[DEPTH]': '12.5', 'attribute[LANES][]': ['bike', 'car'] }),
      );
      expect(res.statusCode).toBe(200);
      const [row] = await t.db.select().from(reports).where(eq(reports.id, res.json()[0].service_request_id));
      expect(row!.attributes).toEqual({ SIZE: 'large', DEPTH: '12.5', LANES: ['bike', 'car'] });
    });

    it('multipart answers are read the same way, a repeated multivaluelist field keeping every value', async () => {
      const body = multipart(
        {
          ...signal(),
          service_code: w.category.pothole.code,
          'attribute[SIZE]': 'small',
          'attribute[LANES][]': ['bike', 'car'],
        },
        [],
      );
      const res = await post('json', body);
      expect(res.statusCode).toBe(200);
      const [row] = await t.db.select().from(reports).where(eq(reports.id, res.json()[0].service_request_id));
      expect(row!.attributes).toEqual({ SIZE: 'small', LANES: ['bike', 'car'] });
    });
  });

  describe('XML and JSON on every endpoint', () => {
    let id: string;
    beforeAll(async () => {
      const res = await post('json', form({ ...signal(), media_url: 'https://partner.example/p/1.jpg' }), {
        'idempotency-key': 'partner-ticket-0002',
      });
      id = res.json()[0].service_request_id;
    });

    it.each([
      ['/discovery', 'discovery', undefined],
      ['/services', 'services', 'service'],
      ['/services/{code}', 'service_definition', undefined],
      ['/requests', 'service_requests', 'request'],
      ['/requests/{id}', 'service_requests', 'request'],
      ['/tokens/partner-ticket-0002', 'service_requests', 'request'],
    ])('%s: the XML document reads back as the JSON answer', async (resource, root, item) => {
      const url = resource.replace('{code}', w.category.pothole.code).replace('{id}', id);
      const json = await get(`${url}.json`);
      const xml = await get(`${url}.xml`);
      expect(json.statusCode).toBe(200);
      expect(xml.statusCode).toBe(200);
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
      const doc = parseXml(xml.body);
      expect(Object.keys(doc)).toEqual([root]);
      expect(doc[root]).toEqual(asXmlText(json.json(), item));
    });

    it.each([
      ['/discovery', EXAMPLE_DISCOVERY_XML],
      ['/services', EXAMPLE_SERVICES_XML],
      ['/requests', EXAMPLE_REQUESTS_XML],
      ['/tokens/partner-ticket-0002', EXAMPLE_TOKEN_XML],
    ])('%s.xml has every element of the standard’s example', async (resource, example) => {
      const ours = pathsOf(parseXml((await get(`${resource}.xml`)).body));
      for (const p of pathsOf(parseXml(example)).filter(offered)) expect(ours).toContain(p);
    });

    it('discovery names the specification, its absolute URL (the address called) and both formats', async () => {
      const d = (await get('/discovery.json')).json();
      expect(d.endpoints).toEqual([
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: 'http://localhost:80/open311/v2',
          changeset: expect.stringMatching(/Z$/),
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ]);
    });

    it('an unknown token is 404 in the standard’s format', async () => {
      const res = await get('/tokens/never-issued.xml');
      expect(res.statusCode).toBe(404);
      expect(parseXml(res.body)).toEqual({ errors: { error: [{ code: '404', description: '找不到该资源' }] } });
    });

    it('a rider’s own idempotency key is never a token', async () => {
      const [row] = await t.db.select().from(reports).where(eq(reports.id, riderReport));
      const res = await get(`/tokens/${row!.idempotencyKey}.json`);
      expect(res.statusCode).toBe(404);
    });
  });

  describe('status_notes, dates and agency from the timeline', () => {
    it('shows the latest step with its note, phone numbers masked', async () => {
      const [created] = (await post('json', form(signal()))).json();
      const rid = created.service_request_id as string;
      let [r] = (await get(`/requests/${rid}.json`)).json();
      expect(r).toMatchObject({ status: 'open', status_notes: '已提交', agency_responsible: '甲一街道' });
      expect(r.address).toMatch(/^甲一街道/);
      expect((await act(t.app, w.operatorA1, rid, { action: 'accept' })).statusCode).toBe(200);
      const note = '已联系养护队，电话 13912345678';
      expect((await act(t.app, w.operatorA1, rid, { action: 'dispatch', note })).statusCode).toBe(200);
      [r] = (await get(`/requests/${rid}.json`)).json();
      expect(r.status_notes).toBe('派单：已联系养护队，电话 139****5678');
      expect(r.updated_datetime >= r.requested_datetime).toBe(true);
      expect(r.expected_datetime).toMatch(/\+08:00$/);
      const xml = (await get(`/requests/${rid}.xml`)).body;
      expect(xml).not.toContain('13912345678');
    });
  });

  describe('jurisdiction_id', () => {
    it('ours is accepted on every resource, any other refused in the standard’s format', async () => {
      expect((await get(`/services.json?jurisdiction_id=${JURISDICTION}`)).statusCode).toBe(200);
      expect((await get(`/requests.json?jurisdiction_id=${JURISDICTION}`)).statusCode).toBe(200);
      for (const url of ['/services', '/requests', `/services/${w.category.pothole.code}`]) {
        const res = await get(`${url}.xml?jurisdiction_id=city.gov`);
        expect(res.statusCode).toBe(404);
        expect(parseXml(res.body)).toEqual({
          errors: { error: [{ code: '404', description: '没有这个辖区（jurisdiction_id）' }] },
        });
      }
      const posted = await post('json', form({ ...signal(), jurisdiction_id: 'city.gov' }));
      expect(posted.statusCode).toBe(404);
    });
  });

  describe('errors: the standard’s format with Chinese descriptions, 4xx never 5xx', () => {
    it.each([
      ['GET', '/requests/not-a-uuid.json', 404],
      ['GET', `/requests/${'-'.repeat(36)}.xml`, 404],
      ['GET', '/requests/00000000-0000-4000-8000-000000000000.json', 404],
      ['GET', '/requests.json?start_date=yesterday', 400],
      ['GET', '/requests.xml?status=maybe', 400],
      ['GET', '/no-such-resource.xml', 404],
      ['GET', '/no-such-resource.json', 404],
      ['GET', `/services/${'x'.repeat(100)}.json`, 400],
      // The router refuses these before any route (too long a segment, bad percent-encoding).
      ['GET', `/requests/${'x'.repeat(200)}.xml`, 400],
      ['GET', `/requests/${'x'.repeat(200)}.json`, 400],
      ['GET', '/services/%E0%A4%A.xml', 400],
    ])('%s %s → %i', async (method, url, status) => {
      const res = await t.app.inject({ method: method as 'GET', url: `/open311/v2${url}` });
      expect(res.statusCode).toBe(status);
      const errors = url.split('?')[0]!.endsWith('.json')
        ? res.json()
        : (parseXml(res.body) as { errors: { error: unknown[] } }).errors.error;
      expect(errors).toEqual([
        {
          code: url.endsWith('.json') || url.includes('.json?') ? status : String(status),
          description: expect.stringMatching(HAN),
        },
      ]);
      expect(res.body).not.toMatch(/must|format|params\//);
    });

    it('a body the standard does not use (XML) is 415 with a Chinese description', async () => {
      const res = await post('xml', { payload: '<request/>', headers: { 'content-type': 'application/xml' } });
      expect(res.statusCode).toBe(415);
      expect(parseXml(res.body)).toEqual({
        errors: { error: [{ code: '415', description: expect.stringMatching(HAN) }] },
      });
    });

    it('the standard’s own error example has the elements ours has', async () => {
      const res = await get('/requests/nope.xml');
      expect(pathsOf(parseXml(res.body))).toEqual(pathsOf(parseXml(EXAMPLE_ERRORS_XML)));
    });
  });
});
