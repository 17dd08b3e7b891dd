import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { NearbyReport, ReportDetail } from '@nuanxin/shared/reports/schemas';
import StaffReportPage from '../../miniapp/src/packages/reports/staff/report/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { resetTaro, setRouterParams } from './support/taro';
import { fakeServer, type FakeRequest, type Route } from './support/fake-server';
import { makeStaff, signIn } from './support/factories';

beforeEach(() => resetTaro());

function makeReport(overrides: Partial<ReportDetail> = {}): ReportDetail {
  return {
    id: 'r1',
    category: { code: 'pothole', name: '道路坑洼', icon: '坑' },
    description: '路口有个大坑',
    lat: 39.92,
    lng: 116.46,
    accuracyM: 12,
    streetId: 's1',
    streetName: '望京街道',
    teamId: null,
    teamName: null,
    state: 'submitted',
    rejectReason: null,
    duplicateOfId: null,
    confirmations: 0,
    source: 'app',
    reporterName: '王师傅',
    mine: false,
    overdue: false,
    photos: [],
    thumbUrl: null,
    createdAt: '2026-11-23T02:00:00.000Z',
    acceptDueAt: '2026-11-23T02:30:00.000Z',
    fixDueAt: '2026-11-24T02:00:00.000Z',
    acceptedAt: null,
    dispatchedAt: null,
    onSiteAt: null,
    fixedAt: null,
    closedAt: null,
    updates: [],
    ...overrides,
  };
}

const candidate: NearbyReport = {
  id: 'r2',
  category: { code: 'pothole', name: '道路坑洼', icon: '坑' },
  description: '同一个坑',
  state: 'accepted',
  distanceM: 128,
  confirmations: 2,
  createdAt: '2026-11-23T01:00:00.000Z',
  thumbUrl: null,
  mine: false,
};

function routes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    'GET /api/v1/me': () => ({ status: 200, body: makeStaff('street_operator') }),
    'GET /api/v1/reports/r1': () => ({ status: 200, body: makeReport() }),
    'GET /api/v1/staff/teams': () => ({ status: 200, body: { items: [] } }),
    'GET /api/v1/staff/reports/r1/merge-candidates': () => ({ status: 200, body: { items: [candidate] } }),
    ...extra,
  };
}

async function renderPage() {
  setRouterParams({ id: 'r1' });
  signIn(makeStaff('street_operator'));
  const view = render(
    <SessionProvider>
      <StaffReportPage />
    </SessionProvider>,
  );
  await act(async () => undefined);
  return view;
}

const click = async (text: string | RegExp) =>
  act(async () => {
    fireEvent.click(screen.getByText(text));
  });

describe('staff report page: merging a duplicate', () => {
  test('lists nearby open reports of the category with their distance, merges into the picked one after confirmation', async () => {
    const merges: FakeRequest['body'][] = [];
    fakeServer(
      routes({
        'POST /api/v1/staff/reports/r1/merge': (req) => {
          merges.push(req.body);
          return {
            status: 200,
            body: makeReport({ state: 'rejected', rejectReason: 'duplicate', duplicateOfId: 'r2' }),
          };
        },
      }),
    );
    await renderPage();
    await click('合并重复上报…');
    expect(screen.getByText('相距 130 米')).toBeTruthy();
    expect(screen.getByText('另有 2 人遇到')).toBeTruthy();
    await click('相距 130 米');
    expect(Taro.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ title: '合并为重复上报？', confirmText: '合并' }),
    );
    expect(merges).toEqual([{ intoId: 'r2' }]);
    expect(screen.getByText('未受理')).toBeTruthy();
    expect(screen.getByText('已合并到另一条上报，查看 ›')).toBeTruthy();
    expect(screen.queryByText('合并重复上报…')).toBeNull();
  });

  test('nothing is merged when the operator cancels the confirmation', async () => {
    const merges: unknown[] = [];
    fakeServer(
      routes({
        'POST /api/v1/staff/reports/r1/merge': (req) => {
          merges.push(req.body);
          return { status: 200, body: makeReport() };
        },
      }),
    );
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    await renderPage();
    await click('合并重复上报…');
    await click('相距 130 米');
    expect(merges).toEqual([]);
    expect(screen.getByText('已提交')).toBeTruthy();
  });

  test('says so when there is no candidate nearby', async () => {
    fakeServer(
      routes({ 'GET /api/v1/staff/reports/r1/merge-candidates': () => ({ status: 200, body: { items: [] } }) }),
    );
    await renderPage();
    await click('合并重复上报…');
    expect(screen.getByText('附近 500 米内没有同类未办结的上报')).toBeTruthy();
  });

  test('a partner report is marked 来自合作方 and says it earns no points', async () => {
    fakeServer(
      routes({
        'GET /api/v1/reports/r1': () => ({
          status: 200,
          body: makeReport({ source: 'open311', reporterName: 'Open311 接入' }),
        }),
      }),
    );
    await renderPage();
    expect(screen.getByText('来自合作方')).toBeTruthy();
    expect(screen.getByText(/不计积分/)).toBeTruthy();
  });

  test('a partner report without our photo shows its own photo link (media_url) as text', async () => {
    fakeServer(
      routes({
        'GET /api/v1/reports/r1': () => ({
          status: 200,
          body: makeReport({
            source: 'open311',
            reporterName: 'Open311 接入',
            photos: [],
            mediaUrl: 'https://partner.example/p/1.jpg',
          }),
        }),
      }),
    );
    await renderPage();
    expect(screen.getByText(/合作方图片链接：https:\/\/partner\.example\/p\/1\.jpg/)).toBeTruthy();
  });
});
