// Benchmark: 随手拍 submissions (POST /api/v1/reports, multipart, one 2 MB JPEG each) against the
// API in its own process on PostgreSQL: submissions per second, p50/p99, and the server's resident
// memory sampled across the run — it must stay flat (no photo buffers, sharp cache or staged
// files kept). Target on the 2-core reference machine: ≥ 50/s. It also prints the CPU each
// submission costs in the API, the load generator and PostgreSQL, and the rate of first views of
// the thumbnails, which a kept JPEG gets on first view rather than at submit (reports/media.ts).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { cpuMeter, fmt, percentile, postgres, seededDatabase, startApi } from './lib/harness.js';

const TOTAL = Number(process.env.BENCH_SUBMISSIONS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 8);

/** A photo-like JPEG of about 2 MB: noise does not compress, so the size is real. */
async function twoMegabyteJpeg(): Promise<Buffer> {
  const width = 1700;
  const height = 1300;
  const raw = Buffer.alloc(width * height * 3);
  let seed = 42;
  for (let i = 0; i < raw.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = (seed >> 16) & 0xff;
  }
  const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
  return jpeg;
}

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

function body(photo: Buffer, boundary: string): Buffer {
  const fields = {
    category: 'pothole',
    lat: '39.9234',
    lng: '116.4611',
    accuracy: '10',
    description: '基准测试：路面坑洼',
  };
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return Buffer.concat(parts);
}

const pgServer = await postgres();
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-bench-uploads-'));
try {
  const database = await seededDatabase(pgServer);
  await database.close();

  const photo = await twoMegabyteJpeg();
  const api = await startApi({ DATABASE_URL: pgServer.url, UPLOAD_DIR: uploadDir, OUTBOX_INTERVAL_MS: '0' });
  try {
    const login = await fetch(`${api.base}/api/v1/auth/demo-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'rider' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const boundary = `----nxbench${randomUUID()}`;
    const payload = body(photo, boundary);
    const headers = {
      authorization: `Bearer ${accessToken}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(payload.length),
    };

    // node:http with keep-alive, the body written as one buffer: the load generator's own CPU per
    // 2 MB request is about half of fetch's, and it shares the two cores with the API.
    const thumbUrls: string[] = [];
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const url = new URL(`${api.base}/api/v1/reports`);
    const submitOne = () =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const req = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { ...headers, 'idempotency-key': randomUUID() },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              if (res.statusCode !== 201) return reject(new Error(`submit → ${res.statusCode}`));
              thumbUrls.push(JSON.parse(Buffer.concat(chunks).toString()).report.photos[0].thumbUrl);
              resolve(performance.now() - started);
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      });

    // Warm-up: JIT, sharp's thread pool, connection pool.
    for (let i = 0; i < 20; i++) await submitOne();

    const pid = api.child.pid!;
    const memory: { at: number; rssMb: number }[] = [{ at: 0, rssMb: rssKb(pid) / 1024 }];
    const latencies: number[] = [];
    let next = 0;
    const cpu = cpuMeter(pid);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < TOTAL) {
          next++;
          latencies.push(await submitOne());
          if (latencies.length % 100 === 0) memory.push({ at: latencies.length, rssMb: rssKb(pid) / 1024 });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuPer = cpu.perOperation(latencies.length);
    latencies.sort((a, b) => a - b);
    const rps = latencies.length / seconds;
    const firstHalf = memory.slice(1, Math.ceil(memory.length / 2)).map((m) => m.rssMb);
    const secondHalf = memory.slice(Math.ceil(memory.length / 2)).map((m) => m.rssMb);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

    console.log(
      `\nPOST /api/v1/reports — PostgreSQL, ${(photo.length / 1024 / 1024).toFixed(2)} MB JPEG each, ${latencies.length} submissions, ${CONCURRENCY} concurrent`,
    );
    console.table({
      submissions: {
        'per s': fmt(rps, 1),
        'p50 ms': fmt(percentile(latencies, 50)),
        'p99 ms': fmt(percentile(latencies, 99)),
        target: '≥ 50/s',
      },
    });
    console.log(
      `CPU per submission (2 cores = ${fmt(2000 / rps, 1)} ms at this rate): API ${fmt(cpuPer.api)} ms, load generator ${fmt(cpuPer.client)} ms, PostgreSQL ${fmt(cpuPer.postgres)} ms`,
    );
    console.log(`server RSS (MB) every 100 submissions: ${memory.map((m) => m.rssMb.toFixed(0)).join(' → ')}`);
    console.log(
      `RSS first half avg ${avg(firstHalf).toFixed(0)} MB, second half avg ${avg(secondHalf).toFixed(0)} MB (flat = no growth per submission)`,
    );

    // The deferred part: a kept JPEG's thumbnail is made when first viewed (a staff list), then
    // served from storage. Both measured on the photos just submitted, CONCURRENCY at a time.
    const view = async (urls: string[]) => {
      const times: number[] = [];
      let i = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (i < urls.length) {
            const u = urls[i++]!;
            const started = performance.now();
            const res = await fetch(`${api.base}${u}`);
            await res.arrayBuffer();
            if (res.status !== 200) throw new Error(`thumbnail → ${res.status}`);
            times.push(performance.now() - started);
          }
        }),
      );
      times.sort((a, b) => a - b);
      return { perS: urls.length / ((performance.now() - t0) / 1000), p50: percentile(times, 50) };
    };
    const sample = thumbUrls.slice(-200);
    const first = await view(sample);
    const cached = await view(sample);
    console.log(
      `thumbnails of ${sample.length} of them: first view ${fmt(first.perS, 0)}/s (p50 ${fmt(first.p50)} ms, made then), again ${fmt(cached.perS, 0)}/s (p50 ${fmt(cached.p50)} ms, from storage)`,
    );
  } finally {
    await api.stop();
  }
} finally {
  pgServer.stop();
  fs.rmSync(uploadDir, { recursive: true, force: true });
}
