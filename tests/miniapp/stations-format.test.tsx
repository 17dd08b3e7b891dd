import {
  formatDistance,
  formatSlot,
  formatWeeklyHours,
  stationBadge,
  stationCounts,
  upcomingClosures,
} from '../../miniapp/src/utils/stations';
import { filtersFromChips, nearbyQuery, toQueryString } from '../../miniapp/src/services/stations';

const day = (open: string, close: string) => [{ open, close }];

describe('distance', () => {
  test.each([
    [0, '10 米'],
    [4, '10 米'],
    [343, '340 米'],
    [350, '350 米'],
    [996, '1 公里'],
    [1000, '1 公里'],
    [1234, '1.2 公里'],
    [1250, '1.3 公里'],
    [9949, '9.9 公里'],
    [12_345, '12 公里'],
  ])('%d m reads "%s"', (m, text) => {
    expect(formatDistance(m)).toBe(text);
  });

  test('unknown or nonsense distances read as nothing', () => {
    expect(formatDistance(undefined)).toBe('');
    expect(formatDistance(null)).toBe('');
    expect(formatDistance(Number.NaN)).toBe('');
    expect(formatDistance(-5)).toBe('');
  });
});

describe('status badge', () => {
  test('暂停开放 beats the hours; otherwise 营业中 / 已打烊', () => {
    expect(stationBadge({ status: 'closed', openNow: true })).toEqual({ label: '暂停开放', tone: 'paused' });
    expect(stationBadge({ status: 'open', openNow: true })).toEqual({ label: '营业中', tone: 'open' });
    expect(stationBadge({ status: 'open', openNow: false })).toEqual({ label: '已打烊', tone: 'closed' });
  });
});

describe('weekly hours', () => {
  test('24 hours reads 周一至周日 00:00–24:00', () => {
    expect(formatWeeklyHours({ is24h: true, weekly: [] })).toEqual([{ days: '周一至周日', hours: '00:00–24:00' }]);
  });

  test('merges consecutive days with the same hours; two days read 、, one day alone', () => {
    const weekly = [
      day('08:00', '20:00'),
      day('08:00', '20:00'),
      day('08:00', '20:00'),
      day('08:00', '20:00'),
      day('08:00', '22:00'),
      [],
      [],
    ];
    expect(formatWeeklyHours({ is24h: false, weekly })).toEqual([
      { days: '周一至周四', hours: '08:00–20:00' },
      { days: '周五', hours: '08:00–22:00' },
      { days: '周六、周日', hours: '休息' },
    ]);
  });

  test('same hours every day read as one line; split and overnight slots are spelled out', () => {
    const split = [
      { open: '14:00', close: '18:00' },
      { open: '07:00', close: '11:00' },
    ];
    expect(formatWeeklyHours({ is24h: false, weekly: Array.from({ length: 7 }, () => split) })).toEqual([
      { days: '周一至周日', hours: '07:00–11:00，14:00–18:00' },
    ]);
    expect(formatSlot({ open: '22:00', close: '02:00' })).toBe('22:00–次日02:00');
    expect(formatSlot({ open: '06:00', close: '24:00' })).toBe('06:00–24:00');
  });

  test('a day listed as 00:00–24:00 reads as such, not as an overnight slot', () => {
    const weekly = Array.from({ length: 7 }, () => day('00:00', '24:00'));
    expect(formatWeeklyHours({ is24h: false, weekly })).toEqual([{ days: '周一至周日', hours: '00:00–24:00' }]);
  });
});

describe('closures and counts', () => {
  // 2026-11-23 10:00 in Shanghai.
  const now = new Date('2026-11-23T02:00:00.000Z');

  test('past closures are hidden, current ones say 今天闭站, notes are kept', () => {
    const lines = upcomingClosures(
      [
        { from: '2026-12-01', to: '2026-12-03', note: '设备检修' },
        { from: '2026-11-01', to: '2026-11-02', note: '' },
        { from: '2026-11-23', to: '2026-11-23', note: '' },
      ],
      now,
    );
    expect(lines).toEqual(['11月23日闭站（今天闭站）', '12月1日至12月3日闭站：设备检修']);
  });

  test('only known, non-zero counts are listed', () => {
    expect(stationCounts({ seats: 12, chargingPorts: 0, swapPorts: null })).toEqual([
      { label: '座位', value: '12 个' },
    ]);
  });
});

describe('filter chips → query parameters', () => {
  test('no chips, no filters', () => {
    expect(filtersFromChips([])).toEqual({});
  });

  test('24小时 is is24h, 营业中 is openNow, the rest are amenities (all of)', () => {
    expect(filtersFromChips(['battery_swap', 'is24h', 'open', 'charging'])).toEqual({
      amenities: ['charging', 'battery_swap'],
      openNow: true,
      is24h: true,
    });
  });

  test('the nearby query repeats array keys and says which coordinate system the position is in', () => {
    const q = nearbyQuery({
      position: { latitude: 39.92351234567, longitude: 116.4652, coordSystem: 'wgs84' },
      filters: filtersFromChips(['hot_water', 'toilet', 'is24h']),
      limit: 20,
      cursor: 'abc=',
    });
    const params = new URLSearchParams(q);
    expect(params.get('lat')).toBe('39.923512');
    expect(params.get('lng')).toBe('116.4652');
    expect(params.get('coord')).toBe('wgs84');
    expect(params.get('is24h')).toBe('true');
    expect(params.has('types')).toBe(false);
    expect(params.getAll('amenities')).toEqual(['hot_water', 'toilet']);
    expect(params.has('openNow')).toBe(false);
    expect(params.get('cursor')).toBe('abc=');
    expect(params.has('radius')).toBe(false);
  });

  test('undefined values are left out and values are URL-encoded', () => {
    expect(toQueryString({ a: undefined, b: '营业 中', c: ['x', 'y'], d: true })).toBe(
      'b=%E8%90%A5%E4%B8%9A%20%E4%B8%AD&c=x&c=y&d=true',
    );
  });
});
