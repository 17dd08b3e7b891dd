import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { ScanResult } from '@nuanxin/shared/access/schemas';
import { IS_WEAPP } from '../../env';
import './index.css';

/** What the rider sees after a scan: a refusal that never reached a decision still gets a screen. */
export type AccessOutcome =
  | { kind: 'decision'; result: ScanResult }
  | { kind: 'refused'; message: string; nextStep: string };

export interface AccessResultProps {
  outcome: AccessOutcome;
  onApply?: () => void;
  onClose: () => void;
}

const APPLY_REASONS = new Set(['NO_PASS', 'WRONG_COMMUNITY', 'PASS_REJECTED', 'PASS_REVOKED', 'PASS_EXPIRED']);

function navigate(point: { lat: number; lng: number }, name: string) {
  if (IS_WEAPP) {
    // GCJ-02, the system openLocation expects: gates and guide points are stored in it.
    void Taro.openLocation({ latitude: point.lat, longitude: point.lng, name, scale: 18 });
  } else {
    window.open(`https://uri.amap.com/marker?position=${point.lng},${point.lat}&name=${encodeURIComponent(name)}&coordinate=gaode`, '_blank');
  }
}

/**
 * Full screen green 已准入 or red 未准入, readable at arm's length in sunlight; then the building
 * guide, parking and transfer point of the compound, each with a navigate button.
 */
export function AccessResult({ outcome, onApply, onClose }: AccessResultProps) {
  const [showGuide, setShowGuide] = useState(false);
  const result = outcome.kind === 'decision' ? outcome.result : null;
  const granted = result?.granted ?? false;
  const message = result ? result.message : outcome.kind === 'refused' ? outcome.message : '';
  const next = result ? result.nextStep : outcome.kind === 'refused' ? outcome.nextStep : null;
  const guide = result?.guide ?? null;

  if (showGuide && result && guide) {
    return (
      <View className="nx-page nx-guide">
        <Text className="nx-title">{result.community.name} 楼栋指引</Text>
        {guide.parking ? (
          <View className="nx-card nx-guide__parking">
            <Text className="nx-card__title">停车区</Text>
            <Text className="nx-card__text">{guide.parking.description}</Text>
            <Button className="nx-button nx-button--secondary" onClick={() => navigate(guide.parking!, '停车区')}>
              导航到停车区
            </Button>
          </View>
        ) : null}
        {guide.transferPoint ? (
          <View className="nx-card nx-guide__transfer">
            <Text className="nx-card__title">转运点</Text>
            <Text className="nx-card__text">{guide.transferPoint.description}</Text>
          </View>
        ) : null}
        <View className="nx-card nx-guide__buildings">
          <Text className="nx-card__title">楼栋</Text>
          {guide.buildings.length === 0 ? <Text className="nx-card__text">物业尚未填写楼栋指引</Text> : null}
          {guide.buildings.map((b) => (
            <View key={b.number} className="nx-guide__building" onClick={() => (b.entrance ? navigate(b.entrance, b.number) : undefined)}>
              <Text className="nx-guide__number">{b.number}</Text>
              <Text className="nx-guide__note">{b.note || (b.entrance ? '点击导航到入口' : '')}</Text>
            </View>
          ))}
        </View>
        {guide.notes ? <Text className="nx-card nx-card__text nx-guide__notes">{guide.notes}</Text> : null}
        <Button className="nx-button nx-button--primary" onClick={onClose}>
          完成
        </Button>
      </View>
    );
  }

  return (
    <View className={`nx-result nx-result--${granted ? 'granted' : 'denied'}`}>
      <Text className="nx-result__mark">{granted ? '✓' : '✕'}</Text>
      <Text className="nx-result__title">{granted ? '已准入' : '未准入'}</Text>
      {result ? (
        <Text className="nx-result__place">
          {result.community.name} · {result.gate.name}
        </Text>
      ) : null}
      {!granted ? <Text className="nx-result__reason">{message}</Text> : null}
      {next ? <Text className="nx-result__next">{next}</Text> : null}
      <View className="nx-result__actions">
        {granted && guide ? (
          <Button className="nx-button nx-result__guide" onClick={() => setShowGuide(true)}>
            查看楼栋指引和停车区
          </Button>
        ) : null}
        {granted && result ? (
          <Button className="nx-button nx-result__navigate" onClick={() => navigate(guide?.parking ?? result.gate, guide?.parking ? '停车区' : result.gate.name)}>
            导航
          </Button>
        ) : null}
        {!granted && result && APPLY_REASONS.has(result.reason) && onApply ? (
          <Button className="nx-button nx-result__apply" onClick={onApply}>
            申请通行证
          </Button>
        ) : null}
        <Button className="nx-button nx-result__close" onClick={onClose}>
          返回
        </Button>
      </View>
    </View>
  );
}
