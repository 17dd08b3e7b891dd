import { Button, Text } from '@tarojs/components';
import { useState } from 'react';
import { ComingSoon } from '../../components/ComingSoon';
import { Notice } from '../../components/Notice';
import { PrivacyPopup } from '../../components/PrivacyPopup';
import { getLocation, type Position } from '../../services/location';

export default function StationsPage() {
  const [position, setPosition] = useState<Position | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Exercises the privacy → permission → location chain on a real device before the list lands.
  async function locate() {
    setBusy(true);
    setError(null);
    try {
      setPosition(await getLocation());
    } catch (err) {
      setError(err instanceof Error ? err.message : '暂时无法获取位置，请重试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <ComingSoon title="附近驿站" description="查找离你最近的全时驿站：充电、热水、卫生间、换电，一键导航。">
        {error ? <Notice message={error} /> : null}
        {position ? (
          <Text className="nx-card__text">
            你的位置（{position.coordSystem === 'gcj02' ? '国测局坐标' : 'GPS 坐标'}）：{position.latitude.toFixed(5)}，
            {position.longitude.toFixed(5)}
          </Text>
        ) : null}
        <Button className="nx-button nx-button--primary" disabled={busy || undefined} onClick={() => void locate()}>
          {busy ? '正在定位…' : '获取我的位置'}
        </Button>
      </ComingSoon>
      <PrivacyPopup />
    </>
  );
}
