import { Text, View } from '@tarojs/components';
import './index.css';

export type TileVariant = 'access' | 'stations' | 'reports' | 'points' | 'legal' | 'community' | 'housing';

export interface TileProps {
  variant: TileVariant;
  label: string;
  /** One character drawn as the icon: no image assets, crisp at any size, readable in sunlight. */
  glyph: string;
  hint?: string;
  onClick?: () => void;
}

/** A home-screen entry: a whole quarter of the screen, so a gloved thumb cannot miss it. */
export function Tile({ variant, label, glyph, hint, onClick }: TileProps) {
  return (
    <View className={`nx-tile nx-tile--${variant}`} hoverClass="nx-tile--pressed" onClick={onClick}>
      <View className="nx-tile__icon">
        <Text className="nx-tile__glyph">{glyph}</Text>
      </View>
      <Text className="nx-tile__label">{label}</Text>
      {hint ? <Text className="nx-tile__hint">{hint}</Text> : null}
    </View>
  );
}
