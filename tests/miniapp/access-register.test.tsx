import { act, fireEvent, render, screen } from '@testing-library/react';
import type { RiderProfile } from '@nuanxin/shared/access/schemas';
import AccessPage from '../../miniapp/src/packages/access/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { resetTaro } from './support/taro';
import { fakeServer, type Route } from './support/fake-server';
import { makeMe, signIn } from './support/factories';

beforeEach(() => resetTaro());

const stored: RiderProfile = {
  realName: '王小明',
  phoneMasked: '138****1234',
  idMasked: '**************1234',
  platform: 'meituan',
  stationName: '美团金台路站',
  vehicleKind: 'e_bike',
  plate: null,
  suspended: false,
  suspension: null,
};

async function renderAccess(profile: RiderProfile | null, routes: Record<string, Route> = {}) {
  const user = makeMe();
  signIn(user);
  const server = fakeServer({
    'GET /api/v1/me': () => ({ status: 200, body: user }),
    'GET /api/v1/access/profile': () => ({ status: 200, body: { profile } }),
    'GET /api/v1/access/passes': () => ({ status: 200, body: { items: [] } }),
    'GET /api/v1/access/open-communities': () => ({ status: 200, body: { items: [] } }),
    ...routes,
  });
  const view = render(
    <SessionProvider>
      <AccessPage />
    </SessionProvider>,
  );
  await act(async () => undefined);
  return { ...view, server };
}

const click = async (text: string) => {
  await act(async () => {
    fireEvent.click(screen.getByText(text));
  });
};

describe('the rider registration form', () => {
  test('an edit shows the stored phone masked and sends no phone unless changed', async () => {
    const { server, container } = await renderAccess(stored, {
      'PUT /api/v1/access/profile': (req) => ({
        status: 200,
        body: { ...stored, stationName: String(req.body?.stationName) },
      }),
    });
    await click('修改信息');
    expect(screen.getByText('138****1234')).toBeTruthy();
    expect(container.querySelector('.nx-form__input--phone')).toBeNull();
    const station = container.querySelector('.nx-form__input--station') as HTMLInputElement;
    await act(async () => {
      fireEvent.change(station, { target: { value: '美团新站' } });
    });
    await click('提交登记');
    const put = server.calls.find((c) => c.method === 'PUT' && c.path === '/api/v1/access/profile');
    expect(put).toBeTruthy();
    expect(put!.body).not.toHaveProperty('phone');
    expect(put!.body).not.toHaveProperty('idNumber');
    expect(put!.body).toMatchObject({ realName: '王小明', stationName: '美团新站', platform: 'meituan' });
  });

  test('修改 opens the phone input and the new number is sent', async () => {
    const { server, container } = await renderAccess(stored, {
      'PUT /api/v1/access/profile': () => ({ status: 200, body: { ...stored, phoneMasked: '139****0000' } }),
    });
    await click('修改信息');
    await click('修改');
    const input = container.querySelector('.nx-form__input--phone') as HTMLInputElement;
    expect(input).toBeTruthy();
    await click('提交登记');
    expect(screen.getByText('请填写：手机号')).toBeTruthy();
    await act(async () => {
      fireEvent.change(input, { target: { value: '13900000000' } });
    });
    await click('提交登记');
    const put = server.calls.find((c) => c.method === 'PUT' && c.path === '/api/v1/access/profile');
    expect(put!.body).toMatchObject({ phone: '13900000000' });
  });

  test('an empty registration lists every missing required field in Chinese and sends nothing', async () => {
    const { server } = await renderAccess(null);
    await click('提交登记');
    expect(screen.getByText('请填写：真实姓名、手机号、身份证号、配送平台、配送站点')).toBeTruthy();
    expect(server.calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  test('the server refusal is shown with its Chinese field name', async () => {
    const { container } = await renderAccess(null, {
      'PUT /api/v1/access/profile': () => ({
        status: 400,
        body: { code: 'PHONE_INVALID', message: '手机号格式不正确（11 位中国大陆手机号）', field: 'phone' },
      }),
    });
    const fill = async (cls: string, value: string) => {
      await act(async () => {
        fireEvent.change(container.querySelector(`.nx-form__input--${cls}`)!, { target: { value } });
      });
    };
    await fill('realName', '王小明');
    await fill('phone', '1234');
    await fill('idNumber', '110105199003071234');
    await fill('station', '美团金台路站');
    await click('美团');
    await click('提交登记');
    expect(screen.getByText('手机号格式不正确（11 位中国大陆手机号）')).toBeTruthy();
  });
});
