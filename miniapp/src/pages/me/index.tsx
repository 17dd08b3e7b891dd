import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { isStaffRole, ROLE_LABELS } from '@nuanxin/shared/auth/constants';
import { useAction } from '../../components/useAction';
import { ROUTES } from '../../routes';
import { goToLogin, useSession } from '../../services/session';
import { useAttention } from '../../services/attention';
import { scopeLines } from '../../utils/scope';
import { useConsentNeeded } from '../../services/privacyRights';
import './index.css';

async function confirm(title: string, content: string): Promise<boolean> {
  const res = await Taro.showModal({
    title,
    content,
    confirmText: '确定',
    cancelText: '取消',
    confirmColor: '#b91c1c',
  });
  return res.confirm;
}

export default function MePage() {
  const { user, logout, logoutAll, redeemInvitation } = useSession();
  const task = useAction({ fallback: '操作失败，请稍后再试' });
  const [code, setCode] = useState('');
  const busy = task.running;
  // Refreshes the tab's unread badge each time 我的 shows (after reading messages, say).
  const attention = useAttention(user != null);
  const unread = attention?.unread ?? 0;
  // Re-asks when the privacy guide's version changed since the person last agreed.
  const needsConsent = useConsentNeeded(user != null);

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  if (!user) return <View className="nx-page" />;

  async function onLogout() {
    if (!(await confirm('退出登录', '确定退出当前账号吗？'))) return;
    // Logout clears local tokens even when the server cannot be reached; the cleared session
    // sends every page to login (see goToLogin).
    await logout().catch(() => undefined);
  }

  async function onLogoutAll() {
    if (!(await confirm('退出所有设备', '所有手机上的暖新都需要重新登录，确定吗？'))) return;
    await task.run(logoutAll);
  }

  async function onRedeem() {
    if (busy || code.trim() === '') return;
    await task.run(async () => {
      await redeemInvitation(code.trim());
      setCode('');
      void Taro.showToast({ title: '已成为工作人员', icon: 'success' });
      // The new role's pages are in the workbench.
      void Taro.navigateTo({ url: ROUTES.staff });
    }, '绑定失败，请稍后再试');
  }

  const lines = scopeLines(user.scope);

  return (
    <View className="nx-page nx-me">
      <View className="nx-card nx-me__profile">
        <Text className="nx-me__name">{user.displayName}</Text>
        <Text className="nx-me__role">{ROLE_LABELS[user.role]}</Text>
        <Text className="nx-card__text nx-me__phone">手机号：{user.phoneMasked ?? '未绑定'}</Text>
        {lines.map((line) => (
          <Text key={line} className="nx-card__text nx-me__scope">
            {line}
          </Text>
        ))}
      </View>

      {task.notice()}

      <Button
        className="nx-button nx-button--secondary nx-me__inbox"
        onClick={() => void Taro.navigateTo({ url: ROUTES.notifications })}
      >
        {unread > 0 ? `消息（${unread} 条未读）` : '消息'}
      </Button>
      <Button
        className="nx-button nx-button--secondary nx-me__privacy"
        onClick={() => void Taro.navigateTo({ url: ROUTES.privacy })}
      >
        {needsConsent ? '隐私与数据（指引已更新，请确认）' : '隐私与数据'}
      </Button>

      {user.role === 'rider' ? (
        <>
          <Button
            className="nx-button nx-button--secondary nx-me__tasks"
            onClick={() => void Taro.navigateTo({ url: ROUTES.tasks })}
          >
            随手帮
          </Button>
          <Button
            className="nx-button nx-button--secondary nx-me__suggestions"
            onClick={() => void Taro.navigateTo({ url: ROUTES.suggestions })}
          >
            骑思妙想
          </Button>
        </>
      ) : null}

      {!isStaffRole(user.role) ? (
        <View className="nx-card nx-me__invite">
          <Text className="nx-card__title">工作人员邀请码</Text>
          <Text className="nx-card__text">社区、街道、商户、门岗或处置队员，请输入收到的邀请码</Text>
          <Input
            className="nx-me__input"
            value={code}
            maxlength={32}
            placeholder="输入邀请码"
            onInput={(e) => setCode(e.detail.value)}
          />
          <Button className="nx-button nx-button--primary" disabled={busy || undefined} onClick={() => void onRedeem()}>
            绑定
          </Button>
        </View>
      ) : null}

      <Button className="nx-button nx-button--secondary nx-me__logout" onClick={() => void onLogout()}>
        退出登录
      </Button>
      <Button className="nx-button nx-button--danger nx-me__logout-all" onClick={() => void onLogoutAll()}>
        退出所有设备
      </Button>
    </View>
  );
}
