// 我的 → 隐私: the privacy job's calls (what is kept and who sees it, consent records, export, delete).
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { ConsentRecord, DeleteAccountResult, PrivacyOverview } from '@nuanxin/shared/privacy/schemas';
import { CONSENT_SCOPES, PRIVACY_GUIDE_VERSION } from '@nuanxin/shared/privacy/constants';
import { IS_WEAPP } from '../env';
import { api } from './api';
import { tokenStore } from './tokens';

export const privacyApi = {
  overview: () => api.call<PrivacyOverview>('GET', '/api/v1/privacy/overview'),
  consent: (version: string) =>
    api.call<ConsentRecord>('POST', '/api/v1/privacy/consents', {
      body: { version, scopes: [...CONSENT_SCOPES], channel: IS_WEAPP ? 'weapp' : 'h5' },
    }),
  deleteAccount: (confirm: string) =>
    api.call<DeleteAccountResult>('POST', '/api/v1/privacy/account/delete', { body: { confirm } }),
};

/**
 * The WeChat privacy popup was agreed to: keep the record server-side too (version, time, what).
 * Quiet: a signed-out person or a failed call changes nothing on screen; 我的 → 隐私 asks again.
 */
export function recordConsentQuietly(): void {
  if (!tokenStore.get()) return;
  void privacyApi.consent(PRIVACY_GUIDE_VERSION).catch(() => undefined);
}

/**
 * Downloads the export (a zip made on request, never stored). H5: fetch into a blob and click a
 * download link. weapp: downloadFile with the token, then offer to send the file to a chat (文件
 *传输助手 saves it to the phone or a computer); a base library without shareFileMessage keeps the
 * file in the app's storage and says so.
 */
export async function downloadMyData(): Promise<void> {
  const token = api.accessToken();
  const url = `${api.baseUrl}/api/v1/privacy/export`;
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const fileName = `nuanxin-my-data-${stamp}.zip`;
  if (IS_WEAPP) {
    const res = await Taro.downloadFile({ url, header: token ? { Authorization: `Bearer ${token}` } : {} });
    if (res.statusCode !== 200) throw new Error('导出失败，请重试');
    const share = (
      Taro as unknown as { shareFileMessage?: (o: { filePath: string; fileName: string }) => Promise<void> }
    ).shareFileMessage;
    if (typeof share === 'function') await share({ filePath: res.tempFilePath, fileName });
    else {
      await Taro.getFileSystemManager().saveFile({ tempFilePath: res.tempFilePath });
      void Taro.showToast({ title: '已保存到小程序文件', icon: 'success' });
    }
    return;
  }
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error('导出失败，请重试');
  const blob = await res.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/**
 * Whether the signed-in person still has to accept the current guide (none on record, or an older
 * version): 我的 shows it on its 隐私与数据 button each time the tab shows. False while unknown.
 */
export function useConsentNeeded(signedIn: boolean): boolean {
  const [needed, setNeeded] = useState(false);
  useDidShow(() => {
    if (!signedIn) return;
    privacyApi
      .overview()
      .then((o) => setNeeded(o.needsConsent))
      .catch(() => undefined);
  });
  useEffect(() => {
    if (!signedIn) return;
    privacyApi
      .overview()
      .then((o) => setNeeded(o.needsConsent))
      .catch(() => undefined);
  }, [signedIn]);
  return needed;
}
