import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { PublicSuggestion, StaffSuggestion } from '@nuanxin/shared/suggestions/schemas';
import { SUGGESTION_STATUS_LABELS, SUGGESTION_TARGET_LABELS } from '@nuanxin/shared/suggestions/constants';
import { formatTime } from '../tasks/format';

/** One suggestion: to whom, what, its state, the reply and the reason when not adopted. */
export function SuggestionCard(props: { s: PublicSuggestion | StaffSuggestion; children?: ReactNode }) {
  const { s } = props;
  const badge =
    s.status === 'adopted' ? 'nx-ctask__badge--ok' : s.status === 'not_adopted' ? 'nx-ctask__badge--off' : '';
  return (
    <View className="nx-card nx-sugg">
      <Text className={`nx-ctask__badge ${badge}`}>{SUGGESTION_STATUS_LABELS[s.status]}</Text>
      {s.category ? <Text className="nx-ctask__badge nx-ctask__badge--off">{s.category}</Text> : null}
      <Text className="nx-card__title nx-sugg__title">{s.title}</Text>
      <Text className="nx-card__text">{s.body}</Text>
      <Text className="nx-ctask__meta">
        致{SUGGESTION_TARGET_LABELS[s.targetKind]}：{s.targetName} · {formatTime(s.createdAt)} · {s.supportCount} 人支持
      </Text>
      {s.reply ? <Text className="nx-ctask__reply nx-sugg__reply">回复：{s.reply}</Text> : null}
      {s.status === 'not_adopted' && s.decisionReason ? (
        <Text className="nx-ctask__reply">未采纳原因：{s.decisionReason}</Text>
      ) : null}
      {props.children}
    </View>
  );
}
