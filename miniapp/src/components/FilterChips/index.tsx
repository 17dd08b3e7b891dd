import { Text, View } from '@tarojs/components';
import { FILTER_CHIPS, type FilterKey } from '../../services/stations';
import './index.css';

export interface FilterChipsProps {
  selected: readonly FilterKey[];
  onToggle: (key: FilterKey) => void;
  disabled?: boolean;
}

/** Toggle chips 营业中 / 24小时 / 充电 / 热水 / 卫生间 / 换电; each ≥ 88px tall. */
export function FilterChips({ selected, onToggle, disabled }: FilterChipsProps) {
  return (
    <View className="nx-chips">
      {FILTER_CHIPS.map((chip) => {
        const on = selected.includes(chip.key);
        return (
          <View
            key={chip.key}
            className={`nx-chip nx-chip--${chip.key}${on ? ' nx-chip--on' : ''}`}
            data-filter={chip.key}
            onClick={() => {
              if (!disabled) onToggle(chip.key);
            }}
          >
            <Text className="nx-chip__label">
              {on ? '✓ ' : ''}
              {chip.label}
            </Text>
          </View>
        );
      })}
    </View>
  );
}
