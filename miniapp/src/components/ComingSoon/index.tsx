import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.css';

export interface ComingSoonProps {
  title: string;
  description: string;
  children?: ReactNode;
}

/** Stand-in for a feature still being built, so every tab and tile leads somewhere. */
export function ComingSoon({ title, description, children }: ComingSoonProps) {
  return (
    <View className="nx-page nx-coming-soon">
      <Text className="nx-title">{title}</Text>
      <View className="nx-card">
        <Text className="nx-coming-soon__badge">即将开放</Text>
        <Text className="nx-card__text">{description}</Text>
      </View>
      {children}
    </View>
  );
}
