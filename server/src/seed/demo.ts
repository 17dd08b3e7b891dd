import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { Db } from '../db/client.js';
import { DEFAULT_CATEGORIES } from '@nuanxin/shared/reports/constants';
import {
  categoryRoutes,
  communities,
  districts,
  merchants,
  reportCategories,
  reports,
  reportUpdates,
  staffScopes,
  streets,
  teams,
  users,
} from '../db/schema/index.js';
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
    await seedReports(tx as unknown as Db, districtId);
  });
}

/**
 * 随手拍: the category list, one 应急队 per street with every category routed to it, and three
 * demo reports in 呼家楼街道 (submitted, accepted, fixed) so the staff queue is not empty. Demo
 * reports carry no photos (the seed writes no files); submitted ones always do.
 */
async function seedReports(tx: Db, districtId: string): Promise<void> {
  await tx
    .insert(reportCategories)
    .values(DEFAULT_CATEGORIES.map((c, i) => ({ id: seedId(`category:${c.code}`), code: c.code, name: c.name, icon: c.icon, sortOrder: i })))
    .onConflictDoNothing();
  await tx
    .insert(teams)
    .values(DEMO_STREETS.map((s) => ({ id: seedId(`team:${s.code}`), districtId, streetId: seedId(`street:${s.code}`), name: `${s.name}应急队` })))
    .onConflictDoNothing();
  await tx
    .insert(categoryRoutes)
    .values(
      DEMO_STREETS.flatMap((s) =>
        DEFAULT_CATEGORIES.map((c) => ({ categoryId: seedId(`category:${c.code}`), streetId: seedId(`street:${s.code}`), teamId: seedId(`team:${s.code}`) })),
      ),
    )
    .onConflictDoNothing();

  const street = '110105004';
  const rider = seedId('user:rider2');
  const operator = seedId('user:street_operator');
  const base = new Date('2026-01-05T01:00:00Z');
  const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);
  const demo = [
    { key: 'demo-report-1', category: 'manhole', description: '金台路口井盖缺失，夜里很危险', lat: 39.9241, lng: 116.4662, state: 'submitted', steps: [] as string[] },
    { key: 'demo-report-2', category: 'signal', description: '呼家楼路口东侧信号灯不亮', lat: 39.9262, lng: 116.4598, state: 'accepted', steps: ['accept'] },
    { key: 'demo-report-3', category: 'pothole', description: '辅路有一个大坑，电动车容易摔', lat: 39.9218, lng: 116.4631, state: 'fixed', steps: ['accept', 'dispatch', 'on_site', 'fix'] },
  ];
  const to: Record<string, string> = { accept: 'accepted', dispatch: 'dispatched', on_site: 'on_site', fix: 'fixed' };
  const stamp: Record<string, string> = { accept: 'acceptedAt', dispatch: 'dispatchedAt', on_site: 'onSiteAt', fix: 'fixedAt' };
  for (const [i, r] of demo.entries()) {
    const id = seedId(`report:${r.key}`);
    const created = at(i * 90);
    const stamps: Record<string, Date> = {};
    r.steps.forEach((step, j) => (stamps[stamp[step]!] = new Date(created.getTime() + (j + 1) * 8 * 60_000)));
    const inserted = await tx
      .insert(reports)
      .values({
        id,
        reporterId: rider,
        idempotencyKey: r.key,
        categoryId: seedId(`category:${r.category}`),
        description: r.description,
        lat: r.lat,
        lng: r.lng,
        accuracyM: 15,
        districtId,
        streetId: seedId(`street:${street}`),
        teamId: seedId(`team:${street}`),
        state: r.state,
        acceptDueAt: new Date(created.getTime() + 30 * 60_000),
        fixDueAt: new Date(created.getTime() + 24 * 3600_000),
        createdAt: created,
        updatedAt: created,
        ...stamps,
      })
      .onConflictDoNothing()
      .returning({ id: reports.id });
    if (inserted.length === 0) continue;
    let from = 'submitted';
    await tx.insert(reportUpdates).values([
      { id: seedId(`update:${r.key}:submit`), reportId: id, actorId: rider, actorRole: 'rider', action: 'submit', toState: 'submitted', createdAt: created },
      ...r.steps.map((step, j) => {
        const row = {
          id: seedId(`update:${r.key}:${step}`),
          reportId: id,
          actorId: operator,
          actorRole: 'street_operator',
          action: step,
          fromState: from,
          toState: to[step]!,
          createdAt: new Date(created.getTime() + (j + 1) * 8 * 60_000),
          ...(step === 'dispatch' ? { teamId: seedId(`team:${street}`) } : {}),
        };
        from = to[step]!;
        return row;
      }),
    ]);
  }
}
