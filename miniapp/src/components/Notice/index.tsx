import { Button, Text, View } from '@tarojs/components';
import './index.css';

export interface NoticeProps {
  message: string;
  tone?: 'error' | 'info';
  onRetry?: () => void;
}

/** Inline state message; errors stay on screen (a toast is gone before a rider looks). */
export function Notice({ message, tone = 'error', onRetry }: NoticeProps) {
  return (
    <View className={`nx-notice nx-notice--${tone}`}>
      <Text className="nx-notice__text">{message}</Text>
      {onRetry ? (
        <Button className="nx-notice__retry" onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </View>
  );
}
