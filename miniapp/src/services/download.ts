import Taro from '@tarojs/taro';
import { IS_WEAPP } from '../env';
import { api } from './api';

/**
 * Downloads an authenticated file (poster, CSV). weapp: downloadFile with the token, then a
 * preview (long-press saves a poster) or the file's local path. H5: fetch into a blob and save.
 */
export async function downloadAuthenticated(path: string, filename: string, kind: 'image' | 'file'): Promise<void> {
  const token = api.accessToken();
  const url = `${api.baseUrl}${path}`;
  if (IS_WEAPP) {
    const res = await Taro.downloadFile({ url, header: token ? { Authorization: `Bearer ${token}` } : {} });
    if (res.statusCode !== 200) throw new Error('下载失败，请重试');
    if (kind === 'image') await Taro.previewImage({ urls: [res.tempFilePath] });
    else
      await Taro.openDocument({ filePath: res.tempFilePath, showMenu: true }).catch(() =>
        Taro.showToast({ title: '已下载', icon: 'success' }),
      );
    return;
  }
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error('下载失败，请重试');
  const blob = await res.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
