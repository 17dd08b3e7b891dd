import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { DemoAccount } from '@nuanxin/shared/auth/schemas';
import { ROLE_LABELS } from '@nuanxin/shared/auth/constants';
import { Notice } from '../../components/Notice';
import { errorMessage, useAction } from '../../components/useAction';
import { ERROR_MESSAGES } from '@nuanxin/shared/common/errors';
import { API_BASE, IS_WEAPP } from '../../env';
import { ROUTES } from '../../routes';
import { ApiError } from '../../services/api';
import { authApi } from '../../services/auth';
import { useSession } from '../../services/session';
import './index.css';

type DemoState =
  | { kind: 'loading' }
  | { kind: 'ready'; accounts: DemoAccount[]; wechatWeb: boolean }
  | { kind: 'disabled'; wechatWeb: boolean }
  | { kind: 'error'; message: string };

const LOGIN_FAILED = '登录失败，请稍后再试';

function goHome(): void {
  void Taro.reLaunch({ url: ROUTES.home });
}

export default function LoginPage() {
  const session = useSession();
  const [demo, setDemo] = useState<DemoState>({ kind: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const signingIn = useAction({ fallback: LOGIN_FAILED });

  const { params } = useRouter();

  const loadDemo = useCallback(async () => {
    setDemo({ kind: 'loading' });
    try {
      const options = await authApi.options();
      if (!options.demo) {
        setDemo({ kind: 'disabled', wechatWeb: options.wechatWeb });
        return;
      }
      const { accounts } = await authApi.demoAccounts();
      setDemo({ kind: 'ready', accounts, wechatWeb: options.wechatWeb });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DEMO_DISABLED') setDemo({ kind: 'disabled', wechatWeb: false });
      else setDemo({ kind: 'error', message: errorMessage(err, LOGIN_FAILED) });
    }
  }, []);

  useEffect(() => {
    if (session.user) {
      goHome();
      return;
    }
    void loadDemo();
    // Back from WeChat's 网页授权: a one-time ticket to trade for tokens, or why it failed.
    if (params.ticket) void run('wechat', () => session.loginWithTicket(params.ticket!));
    // Only on first render: a login below navigates itself.
  }, []);

  const returnedError = params.error
    ? (ERROR_MESSAGES[params.error as keyof typeof ERROR_MESSAGES] ?? LOGIN_FAILED)
    : null;
  const wechatWeb = !IS_WEAPP && (demo.kind === 'ready' || demo.kind === 'disabled') && demo.wechatWeb;

  async function run(key: string, login: () => Promise<unknown>) {
    if (busy) return;
    setBusy(key);
    if (await signingIn.run(login)) goHome();
    setBusy(null);
  }

  // `disabled` is passed only when true: Taro H5 renders disabled="false", which still matches
  // the [disabled] style and greys the text out.
  return (
    <View className="nx-page nx-login">
      <Text className="nx-login__brand">暖新</Text>
      <Text className="nx-subtitle">骑手友好服务 · 通行 · 驿站 · 随手拍 · 积分</Text>

      {signingIn.notice()}
      {returnedError && !busy ? <Notice message={returnedError} /> : null}

      {IS_WEAPP ? (
        <Button
          className="nx-button nx-button--wechat nx-login__wechat"
          loading={busy === 'wechat'}
          disabled={busy !== null || undefined}
          onClick={() => run('wechat', session.loginWithWeChat)}
        >
          微信一键登录
        </Button>
      ) : null}

      {wechatWeb ? (
        <Button
          className="nx-button nx-button--wechat nx-login__wechat"
          loading={busy === 'wechat'}
          disabled={busy !== null || undefined}
          onClick={() => {
            setBusy('wechat');
            // 网页授权: WeChat's page, then back to this page with a ticket (see params.ticket).
            window.location.href = `${API_BASE}/api/v1/auth/wx-web/start`;
          }}
        >
          微信登录
        </Button>
      ) : null}

      {demo.kind === 'loading' ? <Text className="nx-card__text nx-login__loading">正在加载演示账号…</Text> : null}
      {demo.kind === 'error' ? <Notice message={demo.message} onRetry={() => void loadDemo()} /> : null}
      {demo.kind === 'disabled' && !IS_WEAPP && !demo.wechatWeb ? (
        <Notice tone="info" message="演示登录未开启，请在微信中打开“暖新”小程序登录" />
      ) : null}

      {demo.kind === 'ready' && demo.accounts.length > 0 ? (
        <View className="nx-login__demo">
          <Text className="nx-login__demo-title">演示账号（点一下即可登录）</Text>
          {demo.accounts.map((a) => (
            <Button
              key={a.account}
              className={`nx-demo-account nx-demo-account--${a.account}`}
              data-account={a.account}
              disabled={busy !== null || undefined}
              onClick={() => run(a.account, () => session.loginWithDemo(a.account))}
            >
              <View className="nx-demo-account__main">
                <Text className="nx-demo-account__name">{a.displayName}</Text>
                <Text className="nx-demo-account__role">{ROLE_LABELS[a.role]}</Text>
              </View>
              {busy === a.account || a.scopeLabel !== ROLE_LABELS[a.role] ? (
                <Text className="nx-demo-account__scope">{busy === a.account ? '正在登录…' : a.scopeLabel}</Text>
              ) : null}
            </Button>
          ))}
        </View>
      ) : null}
    </View>
  );
}
