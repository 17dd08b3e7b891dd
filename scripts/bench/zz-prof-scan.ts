import { loadConfig } from '@nuanxin/server/config';
import { gateCodeUrl } from '@nuanxin/server/access/codes';
import { seedId } from '@nuanxin/server/seed/demo';
import { load, postgres, seededDatabase, startApi } from './lib/harness.js';
const pgServer = await postgres();
try {
  const database = await seededDatabase(pgServer);
  await database.close();
  const api = await startApi({ DATABASE_URL: pgServer.url, ACCESS_DEDUPE_SECONDS: '0', ACCESS_SCAN_RATE_LIMIT: '100000', ACCESS_SCAN_SKEW_SECONDS: '86400' });
  const login = await fetch(`${api.base}/api/v1/auth/demo-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: 'rider' }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const gate = seedId('gate:C-HJL-01:east');
  const config = loadConfig({ NODE_ENV: 'development' });
  const body = JSON.stringify({ code: gateCodeUrl(config.access, gate, 1), scannedAt: new Date().toISOString() });
  const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  const target = process.env.TARGET ?? 'scan';
  const url = target === 'me' ? `${api.base}/api/v1/me` : target === 'health' ? `${api.base}/health` : `${api.base}/api/v1/access/scans`;
  const method = target === 'scan' ? 'POST' : 'GET';
  await load({ url, headers, method, body: method === 'POST' ? body : undefined, connections: 32, seconds: 2 });
  for (let i = 0; i < 2; i++) {
    const r = await load({ url, headers, method, body: method === 'POST' ? body : undefined, connections: 32, seconds: 8 });
    console.log(target, r);
  }
  await api.stop();
} finally { pgServer.stop(); }
