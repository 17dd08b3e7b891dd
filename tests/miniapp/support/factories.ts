import type { Me, TokenPair } from '@nuanxin/shared/auth/schemas';
import type { Role } from '@nuanxin/shared/auth/constants';
import type { Station } from '@nuanxin/shared/stations/schemas';
import Taro from '@tarojs/taro';

export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 'u-1',
    role: 'rider',
    displayName: '张师傅',
    phoneMasked: '138****0001',
    scope: { district: null, street: null, communities: [], merchant: null, gates: [] },
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makeStaff(role: Exclude<Role, 'rider'>): Me {
  return makeMe({
    id: `u-${role}`,
    role,
    displayName: '李主任',
    scope: {
      district: { id: 'd1', name: '朝阳区' },
      street: { id: 's1', name: '望京街道' },
      communities: [{ id: 'c1', name: '花家地社区' }],
      merchant: null,
      gates: [],
    },
  });
}

export function makePair(user: Me, n = 1): TokenPair {
  return {
    accessToken: `access-${n}`,
    accessTokenExpiresIn: 900,
    refreshToken: `refresh-token-${n}-0123456789`,
    refreshTokenExpiresIn: 2592000,
    user,
  };
}

/** Puts a signed-in session in storage exactly as the app writes it. */
export function signIn(user: Me, n = 1): TokenPair {
  const pair = makePair(user, n);
  Taro.setStorageSync('nx.session.v1', {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    refreshExpiresAt: Date.now() + 1e9,
    user,
  });
  return pair;
}

// ---------------------------------------------------------------------------------------------
// Stations

const ALL_DAY = Array.from({ length: 7 }, () => [] as { open: string; close: string }[]);

export function makeStation(overrides: Partial<Station> = {}): Station {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    externalId: 'CY-001',
    name: '金台里全时驿站',
    type: 'all_day',
    lat: 39.9235,
    lng: 116.4652,
    address: '朝阳区金台里甲15号',
    districtId: 'd1',
    streetId: 's1',
    streetName: '呼家楼街道',
    hours: { is24h: true, weekly: ALL_DAY, closures: [] },
    amenities: ['charging', 'hot_water', 'toilet'],
    counts: { seats: 12, chargingPorts: 8, swapPorts: null },
    contact: { name: '驿站值班室', phone: '010-65001234' },
    status: 'open',
    statusNote: null,
    photos: [],
    openNow: true,
    distanceM: 350,
    updatedAt: '2026-11-20T08:00:00.000Z',
    ...overrides,
  };
}
