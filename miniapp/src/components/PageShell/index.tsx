import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { IS_H5 } from '../../env';
import { ROUTES } from '../../routes';
import './index.css';

export interface PageShellProps {
  /** The page's title; the same words as its navigationBarTitleText. */
  title: string;
  /** Extra BEM block classes of the page (`nx-review`), after `nx-page`. */
  className?: string;
  children?: ReactNode;
}

/**
 * Back to the previous page; home when there is none (an H5 page opened from a link or reloaded
 * has no history inside the app, and a dead back button strands the rider).
 */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: ROUTES.home });
}

/**
 * The frame of every non-tab page. On H5 it draws the title and a back control; on weapp the
 * native navigation bar already shows both (from index.config.ts), so it draws nothing extra.
 */
export function PageShell({ title, className, children }: PageShellProps) {
  return (
    <View className={className ? `nx-page ${className}` : 'nx-page'}>
      {IS_H5 ? (
        <View className="nx-shell__bar">
          <Button className="nx-shell__back" onClick={goBack}>
            ‹ 返回
          </Button>
          <Text className="nx-shell__title">{title}</Text>
        </View>
      ) : null}
      {children}
    </View>
  );
}
