import { Readable } from 'node:stream';
import { validIdNumber } from '../../fixtures/access.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { findPersonalNumbers, isResidentId18, privacyHits } from '../../support/privacy.js';

// The suite-wide privacy audit (support/privacy.ts + privacy-setup.ts): the detector and its hook.
describe('privacy audit', () => {
  describe('detector', () => {
    it.each([
      ['a mobile number in JSON', '{"phone":"13812345678"}', 'phone'],
      ['a mobile number after Chinese text', '联系电话19912345678。', 'phone'],
      ['an 18-digit ID with its checksum', `{"idNumber":"110105199003071239"}`, 'id18'],
      ['an 18-digit ID ending in X', 'id=11010519491231002X', 'id18'],
      ['a 15-digit old ID', '"110105900307123"', 'id15'],
    ])('finds %s', (_what, text, kind) => {
      expect(findPersonalNumbers(text).map((f) => f.kind)).toEqual([kind]);
    });

    it('finds every generated ID', () => {
      for (let i = 0; i < 200; i++) expect(isResidentId18(validIdNumber())).toBe(true);
    });

    it.each([
      ['a masked phone', '138****5678'],
      ['a uuid', 'f47ac10b-58cc-4372-a567-013812345678'],
      ['a uuid segment with hex letters', 'a13812345678b'],
      ['a millisecond timestamp', '{"t":1765080000000}'],
      ['a coordinate fraction', '{"lat":39.13812345678,"lng":116.45}'],
      ['a fen amount', '{"amountFen":13800}'],
      ['a 12-digit number', '138123456789'],
      ['an 18-digit number with a wrong checksum', '110105199003071238'],
      ['an 18-digit number with no such date', '110105199013071231'],
      ['a base64url token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abc13812345678def'],
      ['a 15-digit number with no such date', '110105901399123'],
    ])('ignores %s', (_what, text) => {
      expect(findPersonalNumbers(text)).toEqual([]);
    });
  });

  describe('hook', () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await buildTestApp(
        {},
        {
          beforeReady: (app) => {
            app.get('/api/v1/leak', { config: { auth: 'public' } }, async () => ({ phone: '13912345678' }));
            app.get('/api/v1/leak.csv', { config: { auth: 'public' } }, async (_req, reply) =>
              reply.type('text/csv').send(Readable.from(['name,id\n', `王,${'110105199003071239'}\n`])),
            );
            app.get('/api/v1/quiet', { config: { auth: 'public' } }, async (req) => {
              req.log.info({ who: '138****5678' }, 'masked');
              return { phoneLast4: '5678' };
            });
            app.get('/api/v1/loud', { config: { auth: 'public' } }, async (req) => {
              req.log.info({ who: '13812345678' }, 'unmasked');
              return {};
            });
          },
        },
      );
    });
    afterAll(async () => {
      await t.close();
    });
    // The hits these tests provoke on purpose are taken out, so this file passes.
    afterEach(() => {
      privacyHits().splice(0);
    });

    it('records a phone number in a JSON body', async () => {
      await t.app.inject({ method: 'GET', url: '/api/v1/leak' });
      expect(privacyHits()).toEqual([
        expect.objectContaining({ kind: 'phone', where: 'response GET /api/v1/leak 200' }),
      ]);
    });

    it('records an ID number in a streamed CSV, and the body still arrives whole', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/leak.csv' });
      expect(res.body).toBe('name,id\n王,110105199003071239\n');
      expect(privacyHits().map((h) => h.kind)).toEqual(['id18']);
    });

    it('records a phone number in a log line', async () => {
      await t.app.inject({ method: 'GET', url: '/api/v1/loud' });
      expect(privacyHits().map((h) => [h.kind, h.where])).toContainEqual(['phone', 'log']);
    });

    it('records nothing for masked numbers', async () => {
      await t.app.inject({ method: 'GET', url: '/api/v1/quiet' });
      expect(privacyHits()).toEqual([]);
    });
  });
});
