import Taro from '@tarojs/taro';
import { Canvas, View } from '@tarojs/components';
import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  BasicPlatform,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  type ChartConfiguration,
} from 'chart.js';
import { IS_H5 } from '../../../../env';
import './index.css';

// Chart.js, tree-shaken to what the dashboards draw. Imported only here, in the dashboards
// subpackage: the main package never loads it. BasicPlatform (no DOM events or resize
// observers) is what runs on weapp's canvas 2d node; H5 uses it too so both draw alike.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Legend,
);

export interface Series {
  label: string;
  values: number[];
  color: string;
}

export interface TrendChartProps {
  id: string;
  kind: 'line' | 'bar';
  labels: string[];
  series: Series[];
  /** Height in px (CSS); width fills the card. */
  height?: number;
  /** Read aloud: what the chart shows (the tables below carry the numbers). */
  ariaLabel: string;
}

interface CanvasLike {
  width: number;
  height: number;
  getContext: (kind: '2d') => unknown;
}

/** The canvas node and its CSS size: weapp through a selector query, H5 from the DOM. */
function findCanvas(id: string): Promise<{ canvas: CanvasLike; width: number; height: number } | null> {
  if (IS_H5) {
    const host = document.getElementById(id);
    const canvas = (host?.tagName === 'CANVAS' ? host : host?.querySelector('canvas')) as HTMLCanvasElement | null;
    if (!canvas) return Promise.resolve(null);
    const box = (host ?? canvas).getBoundingClientRect();
    return Promise.resolve({ canvas, width: box.width, height: box.height });
  }
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res: { node?: CanvasLike; width: number; height: number }[]) => {
        const r = res?.[0];
        resolve(r?.node ? { canvas: r.node, width: r.width, height: r.height } : null);
      });
  });
}

/** A line or bar chart of a few series over labelled days/hours/streets, drawn with Chart.js. */
export function TrendChart({ id, kind, labels, series, height = 220, ariaLabel }: TrendChartProps) {
  const chart = useRef<Chart | null>(null);
  const key = JSON.stringify([kind, labels, series]);
  useEffect(() => {
    let cancelled = false;
    const draw = async () => {
      const found = await findCanvas(id);
      if (!found || cancelled) return;
      const { canvas, width } = found;
      const dpr = IS_H5 ? window.devicePixelRatio || 1 : Taro.getWindowInfo().pixelRatio;
      canvas.width = Math.round(width);
      canvas.height = height;
      chart.current?.destroy();
      const config: ChartConfiguration<'line' | 'bar', number[], string> = {
        type: kind,
        data: {
          labels,
          datasets: series.map((s) => ({
            label: s.label,
            data: s.values,
            borderColor: s.color,
            backgroundColor: s.color,
            borderWidth: kind === 'line' ? 2 : 0,
            pointRadius: labels.length > 31 ? 0 : 2,
            tension: 0.2,
          })),
        },
        options: {
          responsive: false,
          animation: false,
          devicePixelRatio: dpr,
          events: [],
          plugins: { legend: { position: 'bottom', labels: { boxWidth: 10, font: { size: 11 } } } },
          scales: {
            x: { ticks: { font: { size: 10 }, maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
            y: { beginAtZero: true, ticks: { precision: 0, font: { size: 10 } } },
          },
        },
        platform: BasicPlatform,
      };
      chart.current = new Chart(canvas as unknown as HTMLCanvasElement, config);
    };
    // After the canvas is laid out (weapp: the next tick of the render layer).
    const timer = setTimeout(() => void draw(), 50);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [id, key, height]);
  useEffect(() => () => chart.current?.destroy(), []);
  return (
    <View className="nx-trend" aria-label={ariaLabel}>
      <Canvas type="2d" id={id} canvasId={id} className="nx-trend__canvas" style={{ height: `${height}px` }} />
    </View>
  );
}
