import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { PageShell } from '../../miniapp/src/components/PageShell';
import { useAction } from '../../miniapp/src/components/useAction';
import { ApiError } from '../../miniapp/src/services/api';
import { resetTaro, setCurrentPages } from './support/taro';

beforeEach(() => resetTaro());

describe('PageShell on H5', () => {
  test('shows the title and goes back to the previous page', () => {
    setCurrentPages(['pages/me/index', 'packages/me/notifications/index']);
    render(
      <PageShell title="消息" className="nx-inbox">
        <span>正文</span>
      </PageShell>,
    );
    expect(screen.getByText('消息')).toBeTruthy();
    expect(screen.getByText('正文').closest('.nx-page.nx-inbox')).toBeTruthy();
    fireEvent.click(screen.getByText('‹ 返回'));
    expect(Taro.navigateBack).toHaveBeenCalledTimes(1);
    expect(Taro.switchTab).not.toHaveBeenCalled();
  });

  test('goes home when the page was opened without history (a shared link)', () => {
    setCurrentPages(['packages/stations/detail/index']);
    render(<PageShell title="驿站详情" />);
    fireEvent.click(screen.getByText('‹ 返回'));
    expect(Taro.navigateBack).not.toHaveBeenCalled();
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });
  });
});

function Probe({ fn, fallback }: { fn: () => Promise<unknown>; fallback?: string }) {
  const action = useAction({ fallback });
  return (
    <div>
      <button type="button" onClick={() => void action.run(fn)}>
        go
      </button>
      <span data-testid="running">{String(action.running)}</span>
      {action.notice()}
    </div>
  );
}

describe('useAction', () => {
  test("shows an API error's own message through Notice, and clears it when the next run starts", async () => {
    let answer: (v: unknown) => void = () => undefined;
    const fn = jest
      .fn<Promise<unknown>, []>()
      .mockRejectedValueOnce(new ApiError('RATE_LIMITED', '操作太频繁，请稍后再试', 429))
      .mockImplementationOnce(() => new Promise((r) => (answer = r)));
    render(<Probe fn={fn} />);

    await act(async () => fireEvent.click(screen.getByText('go')));
    expect(screen.getByText('操作太频繁，请稍后再试').closest('.nx-notice--error')).toBeTruthy();
    expect(screen.getByTestId('running').textContent).toBe('false');

    await act(async () => fireEvent.click(screen.getByText('go')));
    expect(screen.queryByText('操作太频繁，请稍后再试')).toBeNull();
    expect(screen.getByTestId('running').textContent).toBe('true');
    await act(async () => answer(undefined));
    expect(screen.getByTestId('running').textContent).toBe('false');
  });

  test('shows the fallback for an error that carries no message meant for users', async () => {
    render(
      <Probe fn={() => Promise.reject(new TypeError('undefined is not a function'))} fallback="加载失败，请重试" />,
    );
    await act(async () => fireEvent.click(screen.getByText('go')));
    expect(screen.getByText('加载失败，请重试')).toBeTruthy();
    expect(screen.queryByText('undefined is not a function')).toBeNull();
  });
});
