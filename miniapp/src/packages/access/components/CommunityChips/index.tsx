import { Text, View } from '@tarojs/components';

export interface CommunityChipsProps {
  communities: readonly { id: string; name: string }[];
  /** undefined/null = none chosen (the "all" chip when `allLabel` is given). */
  value: string | null | undefined;
  onChange: (id: string | undefined) => void;
  /** Adds a first chip that clears the choice, e.g. 全部小区. */
  allLabel?: string;
  className?: string;
}

/** The staff member's communities as chips (shown only when there is a choice to make). */
export function CommunityChips({ communities, value, onChange, allLabel, className = '' }: CommunityChipsProps) {
  if (communities.length < 2) return null;
  return (
    <View className={`nx-chips ${className}`.trim()}>
      {allLabel ? (
        <View className={`nx-chip${value ? '' : ' nx-chip--selected'}`} onClick={() => onChange(undefined)}>
          <Text>{allLabel}</Text>
        </View>
      ) : null}
      {communities.map((c) => (
        <View
          key={c.id}
          className={`nx-chip${c.id === value ? ' nx-chip--selected' : ''}`}
          onClick={() => onChange(c.id)}
        >
          <Text>{c.name}</Text>
        </View>
      ))}
    </View>
  );
}
