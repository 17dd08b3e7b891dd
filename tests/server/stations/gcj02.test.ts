import { gcj02ToWgs84, outOfChina, wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { earthDistanceM, rng } from './support.js';

describe('WGS-84 ↔ GCJ-02', () => {
  it('shifts a Beijing point a few hundred metres, as the standard transform does', () => {
    // Tiananmen: WGS-84 39.90734, 116.39089 → GCJ-02 ≈ 39.90874, 116.39713.
    const g = wgs84ToGcj02({ lat: 39.90734, lng: 116.39089 });
    expect(g.lat).toBeCloseTo(39.90874, 4);
    expect(g.lng).toBeCloseTo(116.39713, 4);
  });

  it('inverts to within a centimetre across Beijing', () => {
    const random = rng(3);
    for (let i = 0; i < 200; i++) {
      const wgs = { lat: 39.4 + random() * 1.2, lng: 115.7 + random() * 1.6 };
      const g = wgs84ToGcj02(wgs);
      expect(earthDistanceM(gcj02ToWgs84(g), wgs)).toBeLessThan(0.01);
    }
  });

  it('leaves points outside China unchanged', () => {
    expect(outOfChina({ lat: 51.5, lng: -0.12 })).toBe(true);
    expect(wgs84ToGcj02({ lat: 51.5, lng: -0.12 })).toEqual({ lat: 51.5, lng: -0.12 });
  });
});
