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
// `maxlength` cuts what is typed or pasted, as Taro's Input (and the browser under it) does.
export const Input = (
  p: Props & {
    value?: string;
    placeholder?: string;
    maxlength?: number;
    onInput?: (e: { detail: { value: string } }) => void;
  },
) => (
  <input
    {...domProps(p)}
    value={p.value}
    placeholder={p.placeholder}
    onChange={(e) => {
      const value = e.currentTarget.value;
      const max = typeof p.maxlength === 'number' && p.maxlength >= 0 ? p.maxlength : Infinity;
      p.onInput?.({ detail: { value: value.slice(0, max) } });
    }}
  />
);
export const Image = (p: Props & { src?: string }) => <img {...domProps(p)} src={p.src} alt="" />;
// Never rendered in tests (they run as H5, where the app shows the list instead of the map).
export const Map = (p: Props) => <div {...domProps(p)} data-map="true" />;
export const Textarea = (
  p: Props & { value?: string; placeholder?: string; onInput?: (e: { detail: { value: string } }) => void },
) => (
  <textarea
    {...domProps(p)}
    value={p.value}
    placeholder={p.placeholder}
    onChange={(e) => p.onInput?.({ detail: { value: e.currentTarget.value } })}
  />
);
// A picker as a <select> of its choices (selector) or a date <input>; `onChange` gets what Taro's does.
export const Picker = (
  p: Props & {
    mode?: string;
    value?: string | number;
    range?: string[];
    onChange?: (e: { detail: { value: string | number } }) => void;
  },
) =>
  p.mode === 'date' ? (
    <label {...domProps(p)} data-picker="date">
      <input
        type="date"
        value={String(p.value ?? '')}
        onChange={(e) => p.onChange?.({ detail: { value: e.currentTarget.value } })}
      />
      {p.children}
    </label>
  ) : (
    <label {...domProps(p)} data-picker="selector">
      <select
        value={String(p.value ?? 0)}
        onChange={(e) => p.onChange?.({ detail: { value: Number(e.currentTarget.value) } })}
      >
        {(p.range ?? []).map((r, i) => (
          <option key={r} value={i}>
            {r}
          </option>
        ))}
      </select>
      {p.children}
    </label>
  );
