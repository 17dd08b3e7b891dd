import { Image, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { OVERDUE_LABELS, REPORT_SOURCE_LABELS, REPORT_STATE_LABELS } from '@nuanxin/shared/reports/constants';
import type { Report } from '@nuanxin/shared/reports/schemas';
import { mediaUrl } from '../../../../services/reports';
import { ageLabel, distanceLabel } from './format';
import './index.css';

export interface ReportCardProps {
  report: Report;
  onClick: () => void;
  /** The viewer's GCJ-02 position, when known: the card says how far away the report is. */
  origin?: { lat: number; lng: number } | null;
  /** Show the street it went to, or 区级 for a report outside every street (crews see `place` instead). */
  showStreet?: boolean;
  /** "Now" for the age (tests pin it). */
  now?: number;
  className?: string;
  /** Tags after the state (the crew's 指派给我). */
  tags?: ReactNode;
  /** Lines under the description (deadlines, team). */
  children?: ReactNode;
}

/**
 * One report in a list (the rider's 我的上报, the street's queue, the crew's tasks): the first
 * photo's thumbnail (the category's icon when there is none), category, state, where, how long ago,
 * how far, and what the reporter wrote.
 */
export function ReportCard({
  report: r,
  onClick,
  origin,
  showStreet,
  now,
  className = '',
  tags,
  children,
}: ReportCardProps) {
  const where = showStreet ? (r.streetName ?? '区级（不在任何街道内）') : null;
  return (
    <View className={`nx-card nx-report-card ${className}`} onClick={onClick}>
      {r.thumbUrl ? (
        <Image className="nx-report-card__thumb" src={mediaUrl(r.thumbUrl)} mode="aspectFill" />
      ) : (
        <View className="nx-report-card__thumb nx-report-card__thumb--none">
          <Text className="nx-report-card__icon">{r.category.icon}</Text>
          <Text className="nx-report-card__no-photo">无照片</Text>
        </View>
      )}
      <View className="nx-report-card__body">
        <Text className="nx-card__title">
          {r.category.name}
          {r.overdueDeadline ? <Text className="nx-overdue">{OVERDUE_LABELS[r.overdueDeadline]}</Text> : null}
        </Text>
        <View className="nx-report-card__tags">
          <Text className={`nx-state nx-state--${r.state}`}>{REPORT_STATE_LABELS[r.state]}</Text>
          {r.source !== 'app' ? <Text className="nx-source">{REPORT_SOURCE_LABELS[r.source]}</Text> : null}
          {tags}
        </View>
        {where ? <Text className="nx-card__text nx-report-card__street">{where}</Text> : null}
        <Text className="nx-card__text nx-report-card__meta">
          <Text className="nx-report-card__age">{ageLabel(r.createdAt, now)}</Text>
          {origin ? <Text className="nx-report-card__distance"> · {distanceLabel(origin, r)}</Text> : null}
        </Text>
        {r.description ? <Text className="nx-card__text nx-report-card__description">{r.description}</Text> : null}
        {children}
      </View>
    </View>
  );
}
