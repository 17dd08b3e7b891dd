import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { createHmac } from 'node:crypto';
import type { Db } from '../db/client.js';
import { stationValues } from '../stations/index.js';
import { DEFAULT_CATEGORIES } from '@nuanxin/shared/reports/constants';
import {
  agreements,
  apartmentBeds,
  apartmentRooms,
  apartments,
  categoryRoutes,
  communities,
  communityAccess,
  districts,
  gates,
  merchants,
  passes,
  reportCategories,
  reportUpdates,
  reports,
  rewards,
  riderProfiles,
  staffScopes,
  stations,
  streets,
  teams,
  users,
  pointsRulesDocuments,
} from '../db/schema/index.js';
import { createTransfer, creditForReport, lockRiderAccount, SYSTEM_ACCOUNTS } from '../points/index.js';
import type { LngLat } from '../db/schema/types.js';
import { DEV_ID_HASH_KEY } from '../platform/config.js';

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

const H24 = { is24h: true, weekly: [[], [], [], [], [], [], []], closures: [] };
const daily = (open: string, close: string) => ({
  is24h: false,
  weekly: Array.from({ length: 7 }, () => [{ open, close }]),
  closures: [],
});

/** Demo 驿站 in the six demo streets (GCJ-02, inside each street's box). */
export const DEMO_STATIONS: {
  code: string;
  street: string;
  name: string;
  type:
    | 'all_day'
    | 'rider_refuel'
    | 'nuanxin'
    | 'city'
    | 'business'
    | 'friendly_merchant'
    | 'battery_swap'
    | 'charging'
    | 'apartment';
  address: string;
  lat: number;
  lng: number;
  hours: {
    is24h: boolean;
    weekly: { open: string; close: string }[][];
    closures: { from: string; to: string; note: string }[];
  };
  amenities: string[];
  seats?: number;
  chargingPorts?: number;
  swapPorts?: number;
}[] = [
  {
    code: 'ST-HJL-01',
    street: '110105004',
    name: '呼家楼全时驿站',
    type: 'all_day',
    address: '朝阳区金台路12号底商',
    lat: 39.9241,
    lng: 116.4655,
    hours: H24,
    amenities: ['charging', 'hot_water', 'microwave', 'air_conditioning', 'toilet', 'seating', 'first_aid'],
    seats: 16,
    chargingPorts: 12,
  },
  {
    code: 'ST-HJL-02',
    street: '110105004',
    name: '金台里小哥加油站',
    type: 'rider_refuel',
    address: '朝阳区金台里甲15号',
    lat: 39.9226,
    lng: 116.4668,
    hours: daily('07:00', '23:00'),
    amenities: ['hot_water', 'microwave', 'seating', 'raincoat'],
    seats: 8,
  },
  {
    code: 'ST-HJL-03',
    street: '110105004',
    name: '呼家楼北街换电柜',
    type: 'battery_swap',
    address: '朝阳区呼家楼北街8号旁',
    lat: 39.9287,
    lng: 116.4602,
    hours: H24,
    amenities: ['battery_swap'],
    swapPorts: 12,
  },
  {
    code: 'ST-HJL-04',
    street: '110105004',
    name: '团结湖暖新驿站',
    type: 'nuanxin',
    address: '朝阳区团结湖路5号',
    lat: 39.9318,
    lng: 116.4704,
    hours: daily('08:00', '22:00'),
    amenities: ['hot_water', 'fridge', 'toilet', 'books', 'legal_advice'],
    seats: 10,
  },
  {
    code: 'ST-CW-01',
    street: '110105003',
    name: '朝外全时驿站',
    type: 'all_day',
    address: '朝阳区朝外大街20号',
    lat: 39.9232,
    lng: 116.4372,
    hours: H24,
    amenities: ['charging', 'hot_water', 'microwave', 'toilet', 'seating'],
    seats: 12,
    chargingPorts: 10,
  },
  {
    code: 'ST-CW-02',
    street: '110105003',
    name: '芳草地商圈驿站',
    type: 'business',
    address: '朝阳区东大桥路9号',
    lat: 39.9208,
    lng: 116.4441,
    hours: daily('10:00', '22:00'),
    amenities: ['air_conditioning', 'toilet', 'seating'],
    seats: 20,
  },
  {
    code: 'ST-CW-03',
    street: '110105003',
    name: '吉祥里充电站',
    type: 'charging',
    address: '朝阳区吉祥里108号',
    lat: 39.9291,
    lng: 116.4329,
    hours: H24,
    amenities: ['charging', 'parking'],
    chargingPorts: 24,
  },
  {
    code: 'ST-JW-01',
    street: '110105001',
    name: '国贸全时驿站',
    type: 'all_day',
    address: '朝阳区建国门外大街1号地下一层',
    lat: 39.9088,
    lng: 116.4588,
    hours: H24,
    amenities: ['charging', 'hot_water', 'microwave', 'fridge', 'air_conditioning', 'toilet', 'seating', 'first_aid'],
    seats: 24,
    chargingPorts: 16,
  },
  {
    code: 'ST-JW-02',
    street: '110105001',
    name: '建外城市驿站',
    type: 'city',
    address: '朝阳区建华南路17号',
    lat: 39.9021,
    lng: 116.4452,
    hours: daily('06:00', '22:00'),
    amenities: ['hot_water', 'toilet', 'seating', 'repair_tools'],
    seats: 8,
  },
  {
    code: 'ST-JW-03',
    street: '110105001',
    name: '永安里友好商户（便利店）',
    type: 'friendly_merchant',
    address: '朝阳区永安里东街3号',
    lat: 39.9075,
    lng: 116.4501,
    hours: daily('07:00', '02:00'),
    amenities: ['hot_water', 'microwave', 'charging'],
    chargingPorts: 4,
  },
  {
    code: 'ST-SJ-01',
    street: '110105002',
    name: '双井全时驿站',
    type: 'all_day',
    address: '朝阳区广渠路36号',
    lat: 39.8938,
    lng: 116.4682,
    hours: H24,
    amenities: ['charging', 'hot_water', 'toilet', 'seating', 'air_conditioning'],
    seats: 14,
    chargingPorts: 8,
  },
  {
    code: 'ST-SJ-02',
    street: '110105002',
    name: '富力城暖新公寓',
    type: 'apartment',
    address: '朝阳区东三环中路65号院',
    lat: 39.8955,
    lng: 116.4725,
    hours: H24,
    amenities: ['hot_water', 'toilet', 'parking', 'charging'],
    chargingPorts: 6,
  },
  {
    code: 'ST-SJ-03',
    street: '110105002',
    name: '劲松换电柜',
    type: 'battery_swap',
    address: '朝阳区劲松路2号',
    lat: 39.8852,
    lng: 116.4771,
    hours: H24,
    amenities: ['battery_swap'],
    swapPorts: 16,
  },
  {
    code: 'ST-SJ-04',
    street: '110105002',
    name: '九龙山小哥加油站',
    type: 'rider_refuel',
    address: '朝阳区九龙山路8号',
    lat: 39.8901,
    lng: 116.4889,
    hours: daily('09:00', '21:00'),
    amenities: ['hot_water', 'seating', 'counselling'],
    seats: 6,
  },
  {
    code: 'ST-SLT-01',
    street: '110105005',
    name: '三里屯全时驿站',
    type: 'all_day',
    address: '朝阳区三里屯路19号',
    lat: 39.9362,
    lng: 116.4545,
    hours: H24,
    amenities: ['charging', 'hot_water', 'microwave', 'toilet', 'seating'],
    seats: 12,
    chargingPorts: 10,
  },
  {
    code: 'ST-SLT-02',
    street: '110105005',
    name: '工体商圈驿站',
    type: 'business',
    address: '朝阳区工人体育场北路4号',
    lat: 39.9388,
    lng: 116.4473,
    hours: daily('10:00', '23:00'),
    amenities: ['air_conditioning', 'toilet', 'seating', 'books'],
    seats: 16,
  },
  {
    code: 'ST-SLT-03',
    street: '110105005',
    name: '幸福村暖新驿站',
    type: 'nuanxin',
    address: '朝阳区幸福二村11号楼',
    lat: 39.9427,
    lng: 116.4495,
    hours: daily('22:00', '06:00'),
    amenities: ['hot_water', 'microwave', 'seating'],
    seats: 6,
  },
  {
    code: 'ST-WJ-01',
    street: '110105006',
    name: '望京全时驿站',
    type: 'all_day',
    address: '朝阳区望京街10号',
    lat: 39.9962,
    lng: 116.4781,
    hours: H24,
    amenities: ['charging', 'hot_water', 'microwave', 'fridge', 'toilet', 'seating', 'raincoat'],
    seats: 18,
    chargingPorts: 14,
  },
  {
    code: 'ST-WJ-02',
    street: '110105006',
    name: '望京SOHO充电站',
    type: 'charging',
    address: '朝阳区阜通东大街1号',
    lat: 39.9966,
    lng: 116.4812,
    hours: H24,
    amenities: ['charging', 'parking'],
    chargingPorts: 30,
  },
  {
    code: 'ST-WJ-03',
    street: '110105006',
    name: '花家地城市驿站',
    type: 'city',
    address: '朝阳区花家地街6号',
    lat: 39.9878,
    lng: 116.4702,
    hours: daily('07:00', '21:00'),
    amenities: ['hot_water', 'toilet', 'legal_advice', 'repair_tools'],
    seats: 8,
  },
];

type Scope = { kind: 'district' | 'street' | 'community' | 'merchant' | 'gate' | 'team' | 'apartment'; ref: string };
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
  {
    account: 'gate_guard',
    role: 'gate_guard',
    displayName: '金台里小区 东门 周师傅',
    phoneLast4: '2230',
    scopes: [
      { kind: 'gate', ref: 'C-HJL-01:east' },
      { kind: 'gate', ref: 'C-HJL-01:north' },
    ],
  },
  {
    account: 'crew_member',
    role: 'crew_member',
    displayName: '呼家楼街道应急队 钱队员',
    phoneLast4: '8812',
    scopes: [{ kind: 'team', ref: '110105004' }],
  },
  {
    account: 'mediator',
    role: 'mediator',
    displayName: '朝阳区一站式调解中心 陈调解员',
    phoneLast4: '5107',
    scopes: [{ kind: 'district', ref: '110105' }],
  },
  {
    account: 'apartment_operator',
    role: 'apartment_operator',
    displayName: '双井怡舍公寓 陈经理',
    phoneLast4: '7716',
    scopes: [{ kind: 'apartment', ref: 'YS-SJ' }],
  },
];

/**
 * 暖新公寓 of the demo (GCJ-02): 双井街道's 怡舍 (月租 700 元, the source's "六人间") and a
 * 呼家楼 one in the ¥600–1,200 range; "免中介费、免预付款、低租金". Rooms: name, floor, gender, beds
 * (code and monthly price).
 */
export const DEMO_APARTMENTS = [
  {
    key: 'YS-SJ',
    street: '110105002',
    name: '双井怡舍公寓',
    address: '朝阳区双井街道庆丰社区',
    lat: 39.8936,
    lng: 116.4711,
    operatorName: '双井街道 · 怡舍公寓运营中心',
    contactPhone: '010-87771234',
    rules:
      '1. 仅限已登记的新就业群体（外卖、快递、网约车等）入住，入住时出示暖新码。\n2. 22:30 后请保持安静，公共区域禁止吸烟。\n3. 电动车请停放在院内充电区，严禁入户充电。\n4. 退宿请提前 3 天告知前台。',
    costs: '月租 700 元起（六人间），水电网费已含。免中介费、免预付款，按月交租，不收押金。',
    facilities: ['air_conditioner', 'water_heater', 'locker', 'kitchen', 'laundry', 'wifi', 'lounge', 'charging'],
    rooms: [
      { name: '1层 101', floor: 1, gender: 'male', beds: ['A', 'B', 'C', 'D', 'E', 'F'], price: 700 },
      { name: '1层 102', floor: 1, gender: 'male', beds: ['A', 'B', 'C', 'D', 'E', 'F'], price: 700 },
      { name: '2层 201', floor: 2, gender: 'female', beds: ['A', 'B', 'C', 'D'], price: 800 },
    ],
  },
  {
    key: 'NX-HJL',
    street: '110105004',
    name: '呼家楼暖新公寓',
    address: '朝阳区呼家楼北街 8 号院',
    lat: 39.9265,
    lng: 116.4612,
    operatorName: '呼家楼街道 · 暖新公寓',
    contactPhone: '010-65001234',
    rules: '1. 仅限已登记的新就业群体入住。\n2. 禁止转租、留宿他人。\n3. 电动车严禁入户充电。',
    costs: '四人间 600 元/月，双人间 1200 元/月（每床）。免中介费、免预付款。',
    facilities: ['air_conditioner', 'water_heater', 'locker', 'wifi', 'security'],
    rooms: [
      { name: '3层 301', floor: 3, gender: 'male', beds: ['A', 'B', 'C', 'D'], price: 600 },
      { name: '3层 302', floor: 3, gender: 'any', beds: ['A', 'B'], price: 1200 },
    ],
  },
] as const;

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
  // Entrances a few tens of metres from the community's point, labelled as on site; `entrance`
  // (the first one) is what clients older than labelled entrances read.
  const building = (number: string, note: string, at: { dLat: number; dLng: number; label: string }[]) => {
    const entrances = at.map((e) => ({
      lat: Number((lat + e.dLat).toFixed(6)),
      lng: Number((lng + e.dLng).toFixed(6)),
      label: e.label,
    }));
    return { number, entrances, entrance: { lat: entrances[0]!.lat, lng: entrances[0]!.lng }, note };
  };
  return {
    buildings: [
      building('1号楼', '单元门在楼北侧', [
        { dLat: 0.0003, dLng: -0.0003, label: '1单元' },
        { dLat: 0.0003, dLng: -0.0001, label: '2单元' },
      ]),
      building('2号楼', '', [{ dLat: 0.0001, dLng: 0.0002, label: '北侧门' }]),
      building('3号楼', '底商后门进', [
        { dLat: -0.0002, dLng: 0.0001, label: '后门（底商背面）' },
        { dLat: -0.00025, dLng: 0.0003, label: '地库入口' },
      ]),
      building('5号楼', '4号楼已拆除，5号楼在最南侧', [{ dLat: -0.0003, dLng: -0.0003, label: '1单元' }]),
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
    case 'gate':
      return seedId(`gate:${scope.ref}`);
    case 'team':
      return seedId(`team:${scope.ref}`);
    case 'apartment':
      return seedId(`apartment:${scope.ref}`);
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
    for (const st of DEMO_STATIONS) {
      const id = seedId(`station:${st.code}`);
      const values = stationValues(
        {
          name: st.name,
          type: st.type,
          lat: st.lat,
          lng: st.lng,
          address: st.address,
          hours: st.hours,
          amenities: st.amenities as never,
          photos: [],
          counts: { seats: st.seats ?? null, chargingPorts: st.chargingPorts ?? null, swapPorts: st.swapPorts ?? null },
          contact: { name: null, phone: null },
        },
        { districtId, streetId: seedId(`street:${st.street}`) },
      );
      await tx
        .insert(stations)
        .values({ id, externalId: st.code, ...values })
        .onConflictDoNothing();
    }
    await seedHousing(tx as unknown as Db, districtId);
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
    await seedPoints(tx as unknown as Db);
    await seedReports(tx as unknown as Db, districtId);
    await seedPointsRulesDocument(tx as unknown as Db, districtId);
  });
}

async function seedHousing(tx: Db, districtId: string): Promise<void> {
  for (const a of DEMO_APARTMENTS) {
    const apartmentId = seedId(`apartment:${a.key}`);
    await tx
      .insert(apartments)
      .values({
        id: apartmentId,
        districtId,
        streetId: seedId(`street:${a.street}`),
        name: a.name,
        address: a.address,
        lat: a.lat,
        lng: a.lng,
        operatorName: a.operatorName,
        contactPhone: a.contactPhone,
        rules: a.rules,
        costs: a.costs,
        facilities: [...a.facilities],
      })
      .onConflictDoNothing();
    for (const r of a.rooms) {
      const roomId = seedId(`apartment-room:${a.key}:${r.name}`);
      await tx
        .insert(apartmentRooms)
        .values({ id: roomId, apartmentId, name: r.name, floor: r.floor, gender: r.gender })
        .onConflictDoNothing();
      await tx
        .insert(apartmentBeds)
        .values(
          r.beds.map((code) => ({
            id: seedId(`apartment-bed:${a.key}:${r.name}:${code}`),
            roomId,
            apartmentId,
            code,
            monthlyPrice: r.price,
          })),
        )
        .onConflictDoNothing();
    }
  }
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

/**
 * 随手拍: the category list, one 应急队 per street with every category routed to it, and three
 * demo reports in 呼家楼街道 (submitted, accepted, fixed) so the staff queue is not empty. Demo
 * reports carry no photos (the seed writes no files); submitted ones always do.
 */
async function seedReports(tx: Db, districtId: string): Promise<void> {
  await tx
    .insert(reportCategories)
    .values(
      DEFAULT_CATEGORIES.map((c, i) => ({
        id: seedId(`category:${c.code}`),
        code: c.code,
        name: c.name,
        icon: c.icon,
        onSiteWithinMinutes: c.onSiteWithinMinutes,
        sortOrder: i,
      })),
    )
    .onConflictDoNothing();
  await tx
    .insert(teams)
    .values(
      DEMO_STREETS.map((s) => ({
        id: seedId(`team:${s.code}`),
        districtId,
        streetId: seedId(`street:${s.code}`),
        name: `${s.name}应急队`,
      })),
    )
    .onConflictDoNothing();
  await tx
    .insert(categoryRoutes)
    .values(
      DEMO_STREETS.flatMap((s) =>
        DEFAULT_CATEGORIES.map((c) => ({
          categoryId: seedId(`category:${c.code}`),
          streetId: seedId(`street:${s.code}`),
          teamId: seedId(`team:${s.code}`),
        })),
      ),
    )
    .onConflictDoNothing();

  const street = '110105004';
  const rider = seedId('user:rider2');
  const operator = seedId('user:street_operator');
  const base = new Date('2026-01-05T01:00:00Z');
  const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);
  const demo = [
    {
      key: 'demo-report-1',
      category: 'manhole',
      description: '金台路口井盖缺失，夜里很危险',
      lat: 39.9241,
      lng: 116.4662,
      state: 'submitted',
      steps: [] as string[],
    },
    {
      key: 'demo-report-2',
      category: 'signal',
      description: '呼家楼路口东侧信号灯不亮',
      lat: 39.9262,
      lng: 116.4598,
      state: 'accepted',
      steps: ['accept'],
    },
    {
      key: 'demo-report-3',
      category: 'pothole',
      description: '辅路有一个大坑，电动车容易摔',
      lat: 39.9218,
      lng: 116.4631,
      state: 'fixed',
      steps: ['accept', 'dispatch', 'on_site', 'fix'],
    },
  ];
  const to: Record<string, string> = { accept: 'accepted', dispatch: 'dispatched', on_site: 'on_site', fix: 'fixed' };
  const stamp: Record<string, string> = {
    accept: 'acceptedAt',
    dispatch: 'dispatchedAt',
    on_site: 'onSiteAt',
    fix: 'fixedAt',
  };
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
      {
        id: seedId(`update:${r.key}:submit`),
        reportId: id,
        actorId: rider,
        actorRole: 'rider',
        action: 'submit',
        toState: 'submitted',
        createdAt: created,
      },
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

/**
 * 积分管理办法 of the demo district, version 1 (in the wording of the streets' own 积分管理机制 and
 * 积分兑换管理办法). The numbers are not repeated in the text: the page shows the live rules
 * beside it, read from the ledger's rule tables.
 */
async function seedPointsRulesDocument(tx: Db, districtId: string): Promise<void> {
  await tx
    .insert(pointsRulesDocuments)
    .values({
      id: seedId('points-rules-document:110105:1'),
      districtId,
      version: 1,
      title: '朝阳区新就业群体骑手积分管理办法（试行）',
      effectiveOn: '2026-01-01',
      createdAt: new Date('2025-12-20T02:00:00Z'),
      body: [
        '第一条 为激励快递员、外卖骑手等新就业群体参与社区治理和志愿服务，增强归属感，依据“暖新”服务有关要求，制定本办法。',
        '第二条 在“暖新”小程序完成骑手登记的新就业群体均可参与积分。积分记入个人账户，只能本人使用，不得转让。',
        '第三条 以下行为可获得积分：（一）通过“随手拍”上报道路破损、井盖缺失等问题，经街道受理确认；（二）参加驿站、社区组织的活动和课程并现场签到；（三）认领“随手帮”任务（送药、代购、送餐助老等）并经发布方确认完成；（四）“骑思妙想”建议被采纳；（五）参加街道组织的送餐助老等志愿服务，由街道或社区登记发放。',
        '第四条 每项积分的分值及每日、每月上限，以本页“现行积分规则”所列为准。同一事项只计一次积分，超出上限的部分不再计分。',
        '第五条 积分可在本区友好商户兑换洗衣、理发、餐饮等服务。兑换时生成兑换券，请在有效期内到店出示；未使用的兑换券可取消，积分即时退回。',
        '第六条 积分自获得之日起在规定期限内有效，到期前系统将提前提醒，逾期未使用的积分自动失效。',
        '第七条 以虚假上报、重复签到等方式获取积分的，经核实后予以冲正，情节严重的暂停其参与资格。',
        '第八条 本办法由朝阳区新就业群体服务工作专班负责解释，自生效日期起施行。',
      ].join('\n\n'),
    })
    .onConflictDoNothing();
}
