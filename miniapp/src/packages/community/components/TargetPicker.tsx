import { Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { useAction } from '../../../components/useAction';

/** A station, community or street a rider addresses (a suggestion, a wish). */
export interface PlaceTarget {
  kind: string;
  id: string;
  name: string;
}

export interface TargetPickerProps<T extends PlaceTarget> {
  value: T | null;
  onChange: (target: T | null) => void;
  /** The job's own search of places by name (an empty query lists the nearest or first ones). */
  search: (q: string) => Promise<{ items: T[] }>;
  labels: Record<T['kind'], string>;
  placeholder: string;
  /** The page's class prefix: `<hook>__search` and `<hook>__target` are the e2e hooks. */
  hook: string;
}

/**
 * Search by name (debounced 300 ms) and choose one place; the chosen one shows as a chip that,
 * tapped, opens the search again.
 */
export function TargetPicker<T extends PlaceTarget>({
  value,
  onChange,
  search,
  labels,
  placeholder,
  hook,
}: TargetPickerProps<T>) {
  const [q, setQ] = useState('');
  const [targets, setTargets] = useState<T[]>([]);
  const lookup = useAction();
  const label = (t: T) => labels[t.kind as T['kind']];

  useEffect(() => {
    const timer = setTimeout(() => {
      void lookup.run(async () => setTargets((await search(q.trim())).items));
    }, 300);
    return () => clearTimeout(timer);
  }, [q]);

  if (value) {
    return (
      <View className="nx-ctask__choices">
        <Text className="nx-ctask__choice nx-ctask__choice--on" onClick={() => onChange(null)}>
          {label(value)}：{value.name}（点此更换）
        </Text>
      </View>
    );
  }
  return (
    <View>
      <Input
        className={`nx-ctask__input ${hook}__search`}
        value={q}
        maxlength={20}
        placeholder={placeholder}
        onInput={(e) => setQ(e.detail.value)}
      />
      {lookup.notice()}
      <View className="nx-ctask__choices">
        {targets.map((t) => (
          <Text key={`${t.kind}:${t.id}`} className={`nx-ctask__choice ${hook}__target`} onClick={() => onChange(t)}>
            {label(t)}：{t.name}
          </Text>
        ))}
      </View>
    </View>
  );
}
