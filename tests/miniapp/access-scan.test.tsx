import { act, render } from '@testing-library/react';
import type { AccessEvent } from '@nuanxin/shared/access/schemas';
import StaffLogPage from '../../miniapp/src/packages/access/staff/log/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { fakeServer } from './support/fake-server';
import { makeStaff, signIn } from './support/factories';
import { resetTaro } from './support/taro';

// Issue #18, defect 4 and the wording: the on-screen access log shows how far from the gate each
// scan was (the CSV had it, the screen did not) and reads refusals about the rider (该骑手…).
beforeEach(() => resetTaro());

const C1 = { id: 'c1', name: '金台里小区', address: '', streetId: 's1', lat: 39.92, lng: 116.46 };
const event = (id: string, over: Partial<AccessEvent>): AccessEvent => ({
  id,
  createdAt: '2026-12-07T01:30:00.000Z',
  scannedAt: '2026-12-07T01:30:00.000Z',
  method: 'gate_code',
  granted: true,
  reason: 'GRANTED',
  communityId: 'c1',
  communityName: '金台里小区',
  gateId: 'g1',
  gateName: '东门',
  riderId: 'r1',
  riderName: '王建国',
  platform: 'meituan',
  distanceM: null,
  ...over,
});

test('each gate scan shows its distance (far ones in red), an unlocated one says so; reasons speak of the rider', async () => {
  signIn(makeStaff('community_admin'));
  fakeServer({
    'GET /api/v1/me': () => ({ status: 200, body: makeStaff('community_admin') }),
    'GET /api/v1/communities': () => ({ status: 200, body: { items: [C1] } }),
    'GET /api/v1/access/communities/c1/gates': () => ({ status: 200, body: { items: [] } }),
    'GET /api/v1/access/events': () => ({
      status: 200,
      body: {
        items: [
          event('e1', { distanceM: 42 }),
          event('e2', { granted: false, reason: 'TOO_FAR', distanceM: 1412 }),
          event('e3', { granted: false, reason: 'LOCATION_REQUIRED' }),
          event('e4', { granted: false, reason: 'WRONG_COMMUNITY', method: 'rider_code' }),
        ],
        nextCursor: null,
      },
    }),
  });
  const { container } = render(
    <SessionProvider>
      <StaffLogPage />
    </SessionProvider>,
  );
  await act(async () => undefined);
  await act(async () => undefined);
  const rows = [...container.querySelectorAll('.nx-event')].map((e) => e.textContent ?? '');
  expect(rows[0]).toContain('距门岗 42 米');
  expect(rows[1]).toContain('距门岗 1.4 公里');
  expect(rows[1]).toContain('扫码位置离门岗太远');
  expect(container.querySelectorAll('.nx-event__distance--far')).toHaveLength(1);
  expect(rows[2]).toContain('未定位');
  // A guard's check has no distance (the guard stands at the gate).
  expect(rows[3]).not.toContain('距门岗');
  expect(rows[3]).toContain('该骑手的通行证不包含本小区');
  expect(rows.join('')).not.toContain('你的');
});
