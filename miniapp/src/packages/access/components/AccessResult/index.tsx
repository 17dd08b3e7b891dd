import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { ScanResult } from '@nuanxin/shared/access/schemas';
import { buildingEntrances } from '@nuanxin/shared/access/guide';
import { NavButton } from '../../../../components/NavButton';
import { PointNav } from '../PointNav';
import { GuideMap, spotsOfGuide } from '../GuideMap';
import './index.css';

/** What the rider sees after a scan: a refusal that never reached a decision still gets a screen. */
export type AccessOutcome =
  | { kind: 'decision'; result: ScanResult }
  | { kind: 'refused'; message: string; nextStep: string }
  /** No network: the scan is kept on the phone and recorded late (离线补录) once it is back. */
  | { kind: 'queued' };

export interface AccessResultProps {
  outcome: AccessOutcome;
  onApply?: () => void;
  onClose: () => void;
}

const APPLY_REASONS = new Set(['NO_PASS', 'WRONG_COMMUNITY', 'PASS_REJECTED', 'PASS_REVOKED', 'PASS_EXPIRED']);

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
    const place = result.community.name;
    return (
      <View className="nx-page nx-guide">
        <Text className="nx-title">{place} 楼栋指引</Text>
        <GuideMap spots={spotsOfGuide(guide)} centre={result.gate} />
        {guide.parking ? (
          <View className="nx-card nx-guide__parking">
            <Text className="nx-card__title">停车区</Text>
            <Text className="nx-card__text">{guide.parking.description}</Text>
            <PointNav point={guide.parking} name={`${place} 停车区`} label="导航到停车区" />
          </View>
        ) : null}
        {guide.transferPoint ? (
          <View className="nx-card nx-guide__transfer">
            <Text className="nx-card__title">转运点</Text>
            <Text className="nx-card__text">{guide.transferPoint.description}</Text>
            <PointNav point={guide.transferPoint} name={`${place} 转运点`} label="导航到转运点" />
          </View>
        ) : null}
        <View className="nx-card nx-guide__buildings">
          <Text className="nx-card__title">楼栋</Text>
          {guide.buildings.length === 0 ? <Text className="nx-card__text">物业尚未填写楼栋指引</Text> : null}
          {guide.buildings.map((b) => {
            const entrances = buildingEntrances(b);
            return (
              <View key={b.number} className="nx-guide__building">
                <View className="nx-guide__building-head">
                  <Text className="nx-guide__number">{b.number}</Text>
                  {b.note ? <Text className="nx-guide__note">{b.note}</Text> : null}
                </View>
                {entrances.length === 0 ? <Text className="nx-guide__none">未标注入口位置</Text> : null}
                {entrances.map((e, i) => {
                  const label = e.label || (entrances.length > 1 ? `入口 ${i + 1}` : '入口');
                  return (
                    <View key={`${e.lat},${e.lng},${i}`} className="nx-guide__entrance">
                      <Text className="nx-guide__entrance-label">{label}</Text>
                      <PointNav point={e} name={`${place} ${b.number} ${label}`} label={`导航到${label}`} />
                    </View>
                  );
                })}
              </View>
            );
          })}
        </View>
        {guide.notes ? <Text className="nx-card nx-card__text nx-guide__notes">{guide.notes}</Text> : null}
        <Button className="nx-button nx-button--primary" onClick={onClose}>
          完成
        </Button>
      </View>
    );
  }

  if (outcome.kind === 'queued') {
    return (
      <View className="nx-result nx-result--queued">
        <Text className="nx-result__mark">!</Text>
        <Text className="nx-result__title">未能联网核验</Text>
        <Text className="nx-result__reason">没有网络：这次扫码已保存在手机上，网络恢复后自动补录到小区的通行记录</Text>
        <Text className="nx-result__next">现在请门岗人工核验放行；信号好的地方也可以再扫一次</Text>
        <View className="nx-result__actions">
          <Button className="nx-button nx-result__close" onClick={onClose}>
            返回
          </Button>
        </View>
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
          // GCJ-02, what openLocation and the map apps expect: gates and guide points are stored in it.
          <NavButton
            place={
              guide?.parking
                ? { lat: guide.parking.lat, lng: guide.parking.lng, name: `${result.community.name} 停车区` }
                : { lat: result.gate.lat, lng: result.gate.lng, name: `${result.community.name} ${result.gate.name}` }
            }
            label={guide?.parking ? '导航到停车区' : '导航'}
            scale={18}
          />
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
