import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { Db } from '../db/client.js';
import { communities, districts, merchants, rewards, staffScopes, streets, users } from '../db/schema/index.js';
import { creditForReport } from '../points/credit-for-report.js';
import { createTransfer, lockRiderAccount, SYSTEM_ACCOUNTS } from '../points/ledger.js';
import type { LngLat } from '../db/schema/types.js';

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
  {
    code: 'C-HJL-01',
    street: '110105004',
    name: '金台里小区',
    address: '朝阳区金台里甲15号',
    lat: 39.9235,
    lng: 116.4652,
  },
  {
    code: 'C-HJL-02',
    street: '110105004',
    name: '呼家楼北社区',
    address: '朝阳区呼家楼北街8号',
    lat: 39.9281,
    lng: 116.4608,
  },
  { code: 'C-SLT-01', street: '110105005', name: '幸福二村', address: '朝阳区幸福二村', lat: 39.9421, lng: 116.4489 },
  {
    code: 'C-WJ-01',
    street: '110105006',
    name: '望京花园西区',
    address: '朝阳区望京花园西区',
    lat: 39.9968,
    lng: 116.4712,
  },
  {
    code: 'C-SJ-01',
    street: '110105002',
    name: '富力城',
    address: '朝阳区东三环中路65号',
    lat: 39.8951,
    lng: 116.4712,
  },
] as const;

export const DEMO_MERCHANTS = [
  {
    code: 'M-HJL-BARBER',
    street: '110105004',
    name: '老街坊理发',
    kind: 'barber',
    address: '朝阳区金台路12号',
    lat: 39.9247,
    lng: 116.4661,
  },
  {
    code: 'M-WJ-LAUNDRY',
    street: '110105006',
    name: '净衣坊洗衣',
    kind: 'laundry',
    address: '朝阳区望京西路5号',
    lat: 39.9979,
    lng: 116.4701,
  },
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
export async function seedDemo(db: Db): Promise<void> {
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
    await seedPoints(tx as unknown as Db);
  });
}

export const DEMO_REWARDS = [
  {
    key: 'haircut',
    merchant: 'M-HJL-BARBER',
    title: '理发',
    description: '洗剪吹一次',
    pricePoints: 10,
    stockPerPeriod: 30,
    perRiderMonthlyLimit: 2,
    hours: '09:00-21:00',
  },
  {
    key: 'laundry',
    merchant: 'M-WJ-LAUNDRY',
    title: '洗衣',
    description: '工装或外套干洗一件',
    pricePoints: 8,
    stockPerPeriod: 50,
    perRiderMonthlyLimit: 4,
    hours: '08:00-20:00',
  },
] as const;

/**
 * The two rewards and ~24 points of history for the demo rider (five accepted
 * reports and a 送餐助老 grant), so the points pages work at once. Transfer ids are derived, so
 * running the seed again credits nothing twice.
 */
async function seedPoints(tx: Db): Promise<void> {
  await tx
    .insert(rewards)
    .values(
      DEMO_REWARDS.map((r) => ({
        id: seedId(`reward:${r.key}`),
        merchantId: seedId(`merchant:${r.merchant}`),
        title: r.title,
        description: r.description,
        pricePoints: r.pricePoints,
        stockPerPeriod: r.stockPerPeriod,
        period: 'month',
        perRiderMonthlyLimit: r.perRiderMonthlyLimit,
        hours: r.hours,
      })),
    )
    .onConflictDoNothing();
  const riderId = seedId('user:rider');
  const now = new Date();
  const expiryDays = 365;
  for (let i = 1; i <= 5; i++) {
    await creditForReport(tx, { reportId: seedId(`report:demo-${i}`), riderId }, { expiryDays, now });
  }
  const account = await lockRiderAccount(tx, riderId);
  await createTransfer(tx, {
    id: seedId('grant:demo-rider-meal-delivery'),
    debitAccountId: SYSTEM_ACCOUNTS.issuance,
    creditAccountId: account.id,
    amount: 14,
    kind: 'single',
    reason: 'staff_grant',
    sourceType: 'grant',
    sourceId: seedId('street:110105004'),
    ruleCode: 'volunteer_meal_delivery',
    note: '重阳节为金台里独居老人送餐',
    expiresAt: new Date(now.getTime() + expiryDays * 24 * 3600 * 1000),
    createdBy: seedId('user:district_admin'),
    createdAt: now,
  });
}
