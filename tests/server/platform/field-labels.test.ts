import type { FastifyInstance } from 'fastify';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { propertiesOf, routeLabels } from '../../../server/src/platform/field-labels.js';

const CJK = /[\u4e00-\u9fff]/;

describe('every request field has a Chinese name', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const unlabeled = (app: FastifyInstance) => {
    const out: string[] = [];
    for (const route of app.routeInputs) {
      for (const [part, schema] of Object.entries(route.schemas)) {
        if (part === 'headers') continue;
        for (const p of propertiesOf(schema, (id) => app.getSchema(id), routeLabels(route.url))) {
          if (!p.label || !CJK.test(p.label)) out.push(`${String(route.method)} ${route.url} ${part}.${p.path}`);
        }
      }
    }
    return out;
  };

  it('collects the input schemas of the routes', () => {
    const withBody = t.app.routeInputs.filter((r) => r.schemas.body);
    expect(withBody.length).toBeGreaterThan(20);
    expect(t.app.routeInputs.some((r) => r.url === '/api/v1/access/profile' && r.schemas.body)).toBe(true);
  });

  it('every body, query string and path property of every route has a Chinese label', () => {
    expect(unlabeled(t.app)).toEqual([]);
  });
});
