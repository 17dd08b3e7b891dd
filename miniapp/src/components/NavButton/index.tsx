import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { IS_WEAPP } from '../../env';
import { MAP_APP_LABELS, openMapApp, openSystemMap, placeText, type MapApp, type NavPlace } from '../../utils/navigate';
import './index.css';

export interface NavButtonProps {
  /** GCJ-02, as every stored position is. */
  place: NavPlace;
  /** The button's text, e.g. 导航到停车区. */
  label?: string;
  /** weapp map zoom (5–18). */
  scale?: number;
  /** 'primary' for the page's main action (a station), 'secondary' beside other actions. */
  tone?: 'primary' | 'secondary';
}

/**
 * Every 导航 button. weapp: WeChat's system map (openLocation). H5 cannot reach the system map, so
 * one tap offers 高德地图 and 腾讯地图 (their marker URIs open the app on a phone, the web map
 * otherwise) and 复制地址 for any other app.
 */
export function NavButton({ place, label = '导航', scale = 16, tone = 'secondary' }: NavButtonProps) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const buttonClass = `nx-button nx-button--${tone} nx-nav__go`;

  if (IS_WEAPP) {
    return (
      <View className="nx-nav">
        <Button
          className={buttonClass}
          onClick={() =>
            void openSystemMap(place, scale).then((r) => setNote(r === 'failed' ? '无法打开地图，请稍后重试' : null))
          }
        >
          {label}
        </Button>
        {note ? <Text className="nx-nav__note">{note}</Text> : null}
      </View>
    );
  }

  function go(app: MapApp) {
    setNote(null);
    try {
      openMapApp(app, place);
    } catch {
      setNote('无法打开地图，请复制地址到地图应用中搜索');
    }
  }

  function copy() {
    Taro.setClipboardData({ data: placeText(place) })
      .then(() => {
        setCopied(true);
        setNote('已复制，可粘贴到地图应用中搜索');
      })
      .catch(() => setNote('复制失败，请长按地址手动复制'));
  }

  return (
    <View className="nx-nav nx-nav--h5">
      <Button className={buttonClass} onClick={() => setOpen(!open)}>
        {label}
      </Button>
      {open ? (
        <View className="nx-nav__apps">
          <Text className="nx-nav__hint">用哪个地图导航？</Text>
          {(['amap', 'tencent'] as const).map((app) => (
            <Button
              key={app}
              className={`nx-button nx-button--secondary nx-nav__app nx-nav__app--${app}`}
              onClick={() => go(app)}
            >
              {MAP_APP_LABELS[app]}
            </Button>
          ))}
          <Button className="nx-button nx-button--secondary nx-nav__copy" onClick={copy}>
            {copied ? '已复制地址' : '复制地址'}
          </Button>
          <Text className="nx-nav__coords">
            坐标（GCJ-02，国内地图通用）：{place.lat.toFixed(6)}，{place.lng.toFixed(6)}
          </Text>
        </View>
      ) : null}
      {note ? <Text className="nx-nav__note">{note}</Text> : null}
    </View>
  );
}
