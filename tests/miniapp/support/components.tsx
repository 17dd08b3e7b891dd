// Test double for @tarojs/components: plain DOM elements carrying className, data-* and clicks.
import type { ReactNode } from 'react';

type Props = {
  className?: string;
  children?: ReactNode;
  onClick?: () => void;
  id?: string;
  [key: string]: unknown;
};

function domProps(props: Props): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (k === 'className' || k === 'onClick' || k === 'id' || k === 'disabled' || k.startsWith('data-')) out[k] = v;
  }
  return out;
}

export const View = (p: Props) => <div {...domProps(p)}>{p.children}</div>;
export const Text = (p: Props) => <span {...domProps(p)}>{p.children}</span>;
export const Button = (p: Props) => (
  <button type="button" {...domProps(p)} disabled={Boolean(p.disabled)}>
    {p.children}
  </button>
);
export const Input = (
  p: Props & { value?: string; placeholder?: string; onInput?: (e: { detail: { value: string } }) => void },
) => (
  <input
    {...domProps(p)}
    value={p.value}
    placeholder={p.placeholder}
    onChange={(e) => p.onInput?.({ detail: { value: e.currentTarget.value } })}
  />
);
export const Image = (p: Props & { src?: string }) => <img {...domProps(p)} src={p.src} alt="" />;
// Never rendered in tests (they run as H5, where the app shows the list instead of the map).
export const Map = (p: Props) => <div {...domProps(p)} data-map="true" />;
