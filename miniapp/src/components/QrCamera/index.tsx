import { Button, Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { CameraError, startQrCamera } from './camera';

export { hasWechatScanner } from './camera';
import './index.css';

export interface QrCameraProps {
  /** What is scanned, for the title and the consent text: "门岗暖新码", "兑换券二维码", "骑手码". */
  what: string;
  /** The decoded text of the first QR read; the camera is already released. */
  onResult: (text: string) => void;
  /** Closed without a result (cancel, or after a camera error was read). */
  onClose: () => void;
}

type Phase = 'ask' | 'starting' | 'scanning' | 'failed';

let hostSeq = 0;

/**
 * H5's scanner (weapp uses Taro.scanCode): first says what the camera is for and that nothing is
 * uploaded, and only on 打开相机 asks the browser for it; then the back camera's picture with a
 * frame to aim at; a refused or missing camera is said in Chinese and the page's typed input stays
 * the way forward. Render it only on H5.
 */
export function QrCamera({ what, onResult, onClose }: QrCameraProps) {
  const [phase, setPhase] = useState<Phase>('ask');
  const [error, setError] = useState('');
  const stopRef = useRef<(() => void) | null>(null);
  const [hostId] = useState(() => `nx-qr-camera-${++hostSeq}`);
  const done = useRef(false);

  useEffect(
    () => () => {
      done.current = true;
      stopRef.current?.();
    },
    [],
  );

  async function open() {
    setPhase('starting');
    setError('');
    const host = document.getElementById(hostId);
    try {
      if (!host) throw new CameraError('FAILED', '无法打开相机，请在下方手动输入');
      const stop = await startQrCamera(host, (text) => {
        stopRef.current = null;
        if (!done.current) onResult(text);
      });
      if (done.current) stop();
      else {
        stopRef.current = stop;
        setPhase('scanning');
      }
    } catch (err) {
      if (done.current) return;
      setError(err instanceof CameraError ? err.message : '无法打开相机，请在下方手动输入');
      setPhase('failed');
    }
  }

  function close() {
    stopRef.current?.();
    stopRef.current = null;
    onClose();
  }

  return (
    <View className={`nx-qr-camera nx-qr-camera--${phase}`}>
      <View className="nx-qr-camera__sheet">
        <Text className="nx-qr-camera__title">扫描{what}</Text>
        {phase === 'ask' ? (
          <Text className="nx-qr-camera__text">
            将打开手机的后置相机来识别{what}。画面只在本机识别，不会上传或保存；浏览器会先询问是否允许使用相机。
          </Text>
        ) : null}
        {phase === 'starting' ? <Text className="nx-qr-camera__text">正在打开相机…</Text> : null}
        {phase === 'scanning' ? <Text className="nx-qr-camera__text">把二维码放进框内，识别后自动继续</Text> : null}
        {phase === 'failed' ? <Text className="nx-qr-camera__error">{error}</Text> : null}
        <View className="nx-qr-camera__view" id={hostId}>
          {phase === 'scanning' ? <View className="nx-qr-camera__aim" /> : null}
        </View>
        {phase === 'ask' ? (
          <Button className="nx-button nx-button--primary nx-qr-camera__open" onClick={() => void open()}>
            打开相机
          </Button>
        ) : null}
        {phase === 'failed' ? (
          <Button className="nx-button nx-button--primary nx-qr-camera__retry" onClick={() => void open()}>
            重试
          </Button>
        ) : null}
        <Button className="nx-button nx-button--secondary nx-qr-camera__close" onClick={close}>
          {phase === 'failed' ? '改为手动输入' : '取消'}
        </Button>
      </View>
    </View>
  );
}
