import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { DELETE_CONFIRM_WORD, DELETION_EFFECTS } from '@nuanxin/shared/privacy/constants';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { ROUTES } from '../../../../routes';
import { privacyApi } from '../../../../services/privacyRights';
import { useSession } from '../../../../services/session';
import './index.css';

/**
 * 注销账号: says what happens to each kind of data (the server does exactly that, in one
 * transaction), asks for the word 注销, then signs out and returns to the login page.
 */
export default function DeleteAccountPage() {
  const { logout } = useSession();
  const [word, setWord] = useState('');
  const task = useAction({ fallback: '注销失败，请稍后再试' });
  const ready = word.trim() === DELETE_CONFIRM_WORD;

  async function onDelete() {
    if (!ready || task.running) return;
    const ok = await task.run(() => privacyApi.deleteAccount(word.trim()));
    if (!ok) return;
    // The server has revoked every session; clear this one locally and start over at login.
    await logout().catch(() => undefined);
    await Taro.showToast({ title: '账号已注销', icon: 'success' });
    void Taro.reLaunch({ url: ROUTES.login });
  }

  return (
    <PageShell title="注销账号" className="nx-delete-account">
      <View className="nx-card nx-delete-account__warn">
        <Text className="nx-card__title">注销后无法恢复</Text>
        <Text className="nx-card__text">注销会立即完成以下所有事项；任何一项失败，都不会做任何改动。</Text>
      </View>
      {DELETION_EFFECTS.map((e) => (
        <View key={e.kind} className="nx-card nx-delete-account__effect">
          <Text className="nx-card__title">{e.title}</Text>
          <Text className="nx-card__text">{e.effect}</Text>
        </View>
      ))}
      <View className="nx-card">
        <Text className="nx-card__text">
          如需保留数据，请先在上一页“导出我的数据”。确认注销请输入“{DELETE_CONFIRM_WORD}”：
        </Text>
        <Input
          className="nx-delete-account__input"
          value={word}
          maxlength={10}
          placeholder={`输入“${DELETE_CONFIRM_WORD}”`}
          onInput={(ev) => setWord(ev.detail.value)}
        />
        {task.notice()}
        <Button
          className="nx-button nx-button--danger"
          disabled={!ready || task.running || undefined}
          onClick={() => void onDelete()}
        >
          {task.running ? '正在注销…' : '确认注销账号'}
        </Button>
      </View>
    </PageShell>
  );
}
