export interface GeoRecord {
  /** Line where the feature starts in the file (1-based), and its index in `features`. */
  line: number;
  index: number;
  feature: unknown;
}

/**
 * Start offsets of the elements of the top-level "features" array, found by a small scanner
 * (strings, escapes, nesting), so bad rows can be reported by line like CSV ones.
 */
function featureLines(text: string): number[] {
  const key = text.search(/"features"\s*:\s*\[/);
  if (key < 0) return [];
  let i = text.indexOf('[', key) + 1;
  const lines: number[] = [];
  let line = 1 + (text.slice(0, i).match(/\n/g)?.length ?? 0);
  let depth = 0;
  let inString = false;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) lines.push(line);
      depth++;
    } else if (ch === '}' || ch === ']') {
      if (depth === 0) break;
      depth--;
    }
  }
  return lines;
}

/** A FeatureCollection's features with their lines; throws when the file is not one. */
export function parseGeoJson(text: string): GeoRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new Error(`不是有效的 JSON：${(err as Error).message}`);
  }
  const features = (doc as { type?: unknown; features?: unknown }).features;
  if ((doc as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray(features)) {
    throw new Error('不是 GeoJSON FeatureCollection');
  }
  const lines = featureLines(text);
  return features.map((feature, index) => ({ line: lines[index] ?? index + 1, index, feature }));
}
