import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { MAX_PHOTOS } from '@nuanxin/shared/reports/constants';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { accessTokenFor, createUser } from '../../fixtures/factories.js';

// A request refused part-way through its body (one photo too many) must not leave its keep-alive
// connection stuck: the answer to the next request on the same socket has to come back — or the
// socket is closed, so a client (or a proxy reusing upstream connections) opens a new one. Sent
// on one raw socket, as curl would not show it (it reconnects after an early answer).

const BOUNDARY = '----nx-keep-alive';

function multipartBody(files: number, fileBytes: number): Buffer {
  const parts: Buffer[] = [
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="service_code"\r\n\r\npothole\r\n`),
  ];
  for (let i = 0; i < files; i++) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="media"; filename="p${i}.jpg"\r\n` +
          'Content-Type: image/jpeg\r\n\r\n',
      ),
      Buffer.alloc(fileBytes, 0x41 + i),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

function rawRequest(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: keep-alive'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (body) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n'), body ?? Buffer.alloc(0)]);
}

/** Status lines of the answers read on one socket until `count` arrive, the socket ends, or 10 s. */
function exchange(port: number, requests: Buffer[], count: number): Promise<{ statuses: number[]; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let closed = false;
    const statuses = (): number[] => [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ statuses: statuses(), closed });
    };
    const timer = setTimeout(done, 10_000);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (statuses().length >= count) done();
    });
    socket.on('close', () => {
      closed = true;
      done();
    });
    socket.on('error', () => undefined);
    // The second request follows the first body at once, as a client reusing the connection does.
    for (const r of requests) socket.write(r);
  });
}

describe('keep-alive after a refused upload', () => {
  let t: TestContext;
  let port: number;
  let riderToken: string;

  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    riderToken = accessTokenFor(t.app, await createUser(t.db, 'rider'));
  });
  afterAll(async () => {
    await t.close();
  });

  const tooMany = multipartBody(MAX_PHOTOS + 1, 400 * 1024);
  const upload = (path: string) =>
    rawRequest('POST', path, tooMany, {
      'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
      ...(path.startsWith('/api/') ? { Authorization: `Bearer ${riderToken}` } : {}),
    });
  const health = rawRequest('GET', '/health');

  it.each(['/open311/v2/requests.json', '/api/v1/reports'])(
    'POST %s with one photo too many: the refusal comes back, then the next request on the socket is answered or the socket is closed',
    async (path) => {
      const { statuses, closed } = await exchange(port, [upload(path), health], 2);
      expect(statuses[0]).toBeGreaterThanOrEqual(400);
      expect(statuses[0]).toBeLessThan(500);
      // Either way a client is never left waiting: a second answer, or a closed socket it retries on.
      expect(statuses.length === 2 || closed).toBe(true);
      if (statuses.length === 2) expect(statuses[1]).toBe(200);
    },
  );

  it('a plain request on a kept-alive socket still gets its next answer (the connection is reused)', async () => {
    const { statuses, closed } = await exchange(port, [health, health], 2);
    expect(statuses).toEqual([200, 200]);
    expect(closed).toBe(false);
  });
});
