import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { createHmac } from 'node:crypto';
import type { Db } from '../db/client.js';
import {
  agreements,
  communities,
  communityAccess,
  districts,
  gates,
  merchants,
  passes,
  riderProfiles,
  staffScopes,
  streets,
  users,
} from '../db/schema/index.js';
import type { LngLat } from '../db/schema/types.js';
import { DEV_ID_HASH_KEY } from '../config.js';

/** Deterministic ids make the seed idempotent: running it again inserts nothing new. */
export function seedId(name: string): string {
  const h = createHash('sha1').update(`nuanxin-demo:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const chaoyang = JSON.parse(readFileSync(new URL('./chaoyang.json', import.meta.url), 'utf8')) as {
  adcode: string;
  name: string;
  ring: [number, number][];
};

/** Street boundaries are not public: plausible boxes around the real 街道 centres (GCJ-02). */
function box(west: number, south: number, east: number, north: number): LngLat[] {
  return [
    { lng: west, lat: south },
    { lng: east, lat: south },
    { lng: east, lat: north },
    { lng: west, lat: north },
  ];
}

export const DEMO_STREETS = [
  { code: '110105001', name: '建外街道', boundary: box(116.435, 39.895, 116.465, 39.915) },
  { code: '110105002', name: '双井街道', boundary: box(116.465, 39.88, 116.495, 39.905) },
  { code: '110105003', name: '朝外街道', boundary: box(116.425, 39.915, 116.45, 39.935) },
  { code: '110105004', name: '呼家楼街道', boundary: box(116.45, 39.915, 116.475, 39.935) },
  { code: '110105005', name: '三里屯街道', boundary: box(116.44, 39.935, 116.465, 39.955) },
  { code: '110105006', name: '望京街道', boundary: box(116.455, 39.985, 116.495, 40.015) },
] as const;

export const DEMO_COMMUNITIES = [
  { code: 'C-HJL-01', street: '110105004', name: '金台里小区', address: '朝阳区金台里甲15号', lat: 39.9235, lng: 116.4652 },
  { code: 'C-HJL-02', street: '110105004', name: '呼家楼北社区', address: '朝阳区呼家楼北街8号', lat: 39.9281, lng: 116.4608 },
  { code: 'C-SLT-01', street: '110105005', name: '幸福二村', address: '朝阳区幸福二村', lat: 39.9421, lng: 116.4489 },
  { code: 'C-WJ-01', street: '110105006', name: '望京花园西区', address: '朝阳区望京花园西区', lat: 39.9968, lng: 116.4712 },
  { code: 'C-SJ-01', street: '110105002', name: '富力城', address: '朝阳区东三环中路65号', lat: 39.8951, lng: 116.4712 },
] as const;

export const DEMO_MERCHANTS = [
  { code: 'M-HJL-BARBER', street: '110105004', name: '老街坊理发', kind: 'barber', address: '朝阳区金台路12号', lat: 39.9247, lng: 116.4661 },
  { code: 'M-WJ-LAUNDRY', street: '110105006', name: '净衣坊洗衣', kind: 'laundry', address: '朝阳区望京西路5号', lat: 39.9979, lng: 116.4701 },
] as const;

type Scope = { kind: 'district' | 'street' | 'community' | 'merchant'; ref: string };
export const DEMO_USERS: {
  account: string;
  role: string;
  displayName: string;
  phoneLast4: string;
  scopes: Scope[];
}[] = [
  { account: 'rider', role: 'rider', displayName: '王师傅', phoneLast4: '6621', scopes: [] },
  { account: 'rider2', role: 'rider', displayName: '李师傅', phoneLast4: '3098', scopes: [] },
  {
    account: 'community_admin',
    role: 'community_admin',
    displayName: '金台里物业 张经理',
    phoneLast4: '1187',
    scopes: [
      { kind: 'community', ref: 'C-HJL-01' },
      { kind: 'community', ref: 'C-HJL-02' },
    ],
  },
  {
    account: 'community_admin2',
    role: 'community_admin',
    displayName: '望京花园 刘主任',
    phoneLast4: '5520',
    scopes: [{ kind: 'community', ref: 'C-WJ-01' }],
  },
  {
    account: 'street_operator',
    role: 'street_operator',
    displayName: '呼家楼街道 应急队 赵队长',
    phoneLast4: '7003',
    scopes: [{ kind: 'street', ref: '110105004' }],
  },
  {
    account: 'merchant',
    role: 'merchant',
    displayName: '老街坊理发 孙师傅',
    phoneLast4: '4416',
    scopes: [{ kind: 'merchant', ref: 'M-HJL-BARBER' }],
  },
  {
    account: 'district_admin',
    role: 'district_admin',
    displayName: '朝阳区 管理员',
    phoneLast4: '0001',
    scopes: [{ kind: 'district', ref: '110105' }],
  },
];

/** Gates of the demo communities, a few metres from the community's point (GCJ-02). */
export const DEMO_GATES = [
  { key: 'C-HJL-01:east', community: 'C-HJL-01', name: '东门', kind: 'guarded', dLat: 0.0002, dLng: 0.0009 },
  { key: 'C-HJL-01:north', community: 'C-HJL-01', name: '北门', kind: 'smart', dLat: 0.0008, dLng: 0.0001 },
  { key: 'C-HJL-02:south', community: 'C-HJL-02', name: '南门', kind: 'smart', dLat: -0.0006, dLng: 0 },
  { key: 'C-SLT-01:west', community: 'C-SLT-01', name: '西门', kind: 'guarded', dLat: 0, dLng: -0.0007 },
  { key: 'C-WJ-01:main', community: 'C-WJ-01', name: '正门', kind: 'smart', dLat: -0.0005, dLng: 0.0003 },
  { key: 'C-SJ-01:east', community: 'C-SJ-01', name: '东门', kind: 'guarded', dLat: 0.0001, dLng: 0.0008 },
] as const;

/** 三方共建协议 of the demo: which platforms each community admits and how it approves. */
const DEMO_AGREEMENTS: { community: string; platforms: string[]; approval: 'auto' | 'manual' }[] = [
  { community: 'C-HJL-01', platforms: ['meituan', 'eleme', 'sf', 'jd'], approval: 'manual' },
  { community: 'C-HJL-02', platforms: ['meituan', 'eleme', 'sf', 'jd', 'didi'], approval: 'manual' },
  { community: 'C-SLT-01', platforms: ['meituan', 'eleme'], approval: 'auto' },
  { community: 'C-WJ-01', platforms: ['meituan', 'eleme', 'sf'], approval: 'manual' },
  { community: 'C-SJ-01', platforms: ['sf', 'jd', 'zto', 'yto'], approval: 'auto' },
];

/** A checksum-valid resident ID for the demo rider (not a real person's). */
export const DEMO_RIDER_ID_NUMBER = '110105199003071239';

function demoGuide(lat: number, lng: number) {
  return {
    buildings: [
      { number: '1号楼', entrance: { lat: lat + 0.0003, lng: lng - 0.0002 }, note: '单元门在楼北侧' },
      { number: '2号楼', entrance: { lat: lat + 0.0001, lng: lng + 0.0002 }, note: '' },
      { number: '3号楼', entrance: { lat: lat - 0.0002, lng: lng + 0.0001 }, note: '底商后门进' },
      { number: '5号楼', entrance: { lat: lat - 0.0003, lng: lng - 0.0003 }, note: '4号楼已拆除，5号楼在最南侧' },
    ],
    parking: { lat: lat + 0.0002, lng: lng + 0.0007, description: '东门内右手边电动车停车区（有充电桩）' },
    transferPoint: { lat: lat + 0.0001, lng: lng + 0.0006, description: '东门岗亭旁外卖柜，大件可放岗亭' },
    notes: '小区内限速 5 公里/小时，请推行或慢行；22:00 后请走东门。',
  };
}

function refId(scope: Scope): string {
  switch (scope.kind) {
    case 'district':
      return seedId(`district:${scope.ref}`);
    case 'street':
      return seedId(`street:${scope.ref}`);
    case 'community':
      return seedId(`community:${scope.ref}`);
    case 'merchant':
      return seedId(`merchant:${scope.ref}`);
  }
}

/**
 * Demo data for Chaoyang: the real district outline, six streets, communities, merchants and a
 * demo account for every role. Idempotent; runs in one transaction.
 */
export async function seedDemo(db: Db, opts: { idHashKey?: string } = {}): Promise<void> {
  await db.transaction(async (tx) => {
    const districtId = seedId(`district:${chaoyang.adcode}`);
    await tx
      .insert(districts)
      .values({
        id: districtId,
        adcode: chaoyang.adcode,
        name: chaoyang.name,
        boundary: chaoyang.ring.map(([lng, lat]) => ({ lng, lat })),
      })
      .onConflictDoNothing();
    await tx
      .insert(streets)
      .values(
        DEMO_STREETS.map((s) => ({
          id: seedId(`street:${s.code}`),
          districtId,
          code: s.code,
          name: s.name,
          boundary: [...s.boundary],
        })),
      )
      .onConflictDoNothing();
    await tx
      .insert(communities)
      .values(
        DEMO_COMMUNITIES.map((c) => ({
          id: seedId(`community:${c.code}`),
          streetId: seedId(`street:${c.street}`),
          code: c.code,
          name: c.name,
          address: c.address,
          lat: c.lat,
          lng: c.lng,
        })),
      )
      .onConflictDoNothing();
    await tx
      .insert(merchants)
      .values(
        DEMO_MERCHANTS.map((m) => ({
          id: seedId(`merchant:${m.code}`),
          streetId: seedId(`street:${m.street}`),
          code: m.code,
          name: m.name,
          kind: m.kind,
          address: m.address,
          lat: m.lat,
          lng: m.lng,
        })),
      )
      .onConflictDoNothing();
    for (const u of DEMO_USERS) {
      const id = seedId(`user:${u.account}`);
      await tx
        .insert(users)
        .values({
          id,
          openid: `demo:${u.account}`,
          role: u.role,
          displayName: u.displayName,
          phoneLast4: u.phoneLast4,
          demoAccount: u.account,
        })
        .onConflictDoNothing();
      if (u.scopes.length > 0) {
        await tx
          .insert(staffScopes)
          .values(u.scopes.map((s) => ({ userId: id, kind: s.kind, refId: refId(s) })))
          .onConflictDoNothing();
      }
    }
    await seedAccess(tx as unknown as Db, opts.idHashKey ?? DEV_ID_HASH_KEY);
  });
}

/**
 * Access demo: gates, guides and agreements for the demo communities; the demo rider registered
 * with an approved pass to 金台里小区 (so scanning works at once); rider2 left unregistered.
 */
async function seedAccess(tx: Db, idHashKey: string): Promise<void> {
  const byCode = new Map<string, (typeof DEMO_COMMUNITIES)[number]>(DEMO_COMMUNITIES.map((c) => [c.code, c]));
  await tx
    .insert(gates)
    .values(
      DEMO_GATES.map((g) => {
        const c = byCode.get(g.community)!;
        return {
          id: seedId(`gate:${g.key}`),
          communityId: seedId(`community:${g.community}`),
          name: g.name,
          kind: g.kind,
          lat: Number((c.lat + g.dLat).toFixed(6)),
          lng: Number((c.lng + g.dLng).toFixed(6)),
        };
      }),
    )
    .onConflictDoNothing();
  await tx
    .insert(communityAccess)
    .values(DEMO_COMMUNITIES.map((c) => ({ communityId: seedId(`community:${c.code}`), ...demoGuide(c.lat, c.lng) })))
    .onConflictDoNothing();
  await tx
    .insert(agreements)
    .values(
      DEMO_AGREEMENTS.flatMap((a) =>
        a.platforms.map((platform) => ({
          id: seedId(`agreement:${a.community}:${platform}`),
          communityId: seedId(`community:${a.community}`),
          platform,
          stationName: null,
          startsOn: '2025-01-01',
          endsOn: '2027-12-31',
          approval: a.approval,
        })),
      ),
    )
    .onConflictDoNothing();
  const riderId = seedId('user:rider');
  await tx
    .insert(riderProfiles)
    .values({
      userId: riderId,
      realName: '王建国',
      phone: '13800006621',
      idNumberHash: createHmac('sha256', idHashKey).update(DEMO_RIDER_ID_NUMBER).digest('hex'),
      idLast4: DEMO_RIDER_ID_NUMBER.slice(-4),
      platform: 'meituan',
      stationName: '美团金台路站',
      vehicleKind: 'e_bike',
      plate: '京A12345',
    })
    .onConflictDoNothing();
  await tx
    .insert(passes)
    .values({
      id: seedId('pass:rider:C-HJL-01'),
      riderId,
      communityId: seedId('community:C-HJL-01'),
      agreementId: seedId('agreement:C-HJL-01:meituan'),
      status: 'approved',
      appliedAt: new Date('2025-03-01T09:00:00+08:00'),
      decidedAt: new Date('2025-03-01T10:00:00+08:00'),
      decidedBy: seedId('user:community_admin'),
      expiresAt: new Date('2027-12-31T23:59:59.999+08:00'),
    })
    .onConflictDoNothing();
}
