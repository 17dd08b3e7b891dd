import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../server/src/platform/config.js';

// docs/configuration.md is where an operator learns what can be set; config.ts is the one place
// that reads the environment. These tests keep the two from drifting apart, by reading both as text
// (an env read is a plain property or a helper call there, so no TypeScript parser is needed).

const CONFIG_SOURCE = path.join(REPO_ROOT, 'server/src/platform/config.ts');
const CONFIG_DOC = path.join(REPO_ROOT, 'docs/configuration.md');
const NAME = /^[A-Z][A-Z0-9_]*$/;

/** The index just past the parenthesis that closes the one opened before `from`. */
function closingParen(source: string, from: number): number {
  let depth = 1;
  let i = from;
  while (depth > 0 && i < source.length) {
    const c = source[i++];
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return i;
}

/** Variables config.ts reads: `env.X`, `env?.X`, `env['X']`, and the quoted names in `helper(env, …)` calls. */
function variablesReadBy(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/\benv\??\.([A-Z][A-Z0-9_]*)\b/g)) names.add(m[1]!);
  for (const m of source.matchAll(/\benv\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g)) names.add(m[1]!);
  // int(env, 'PORT', …), list(env, 'CORS_ORIGINS', …), signingKeyring(env, { keys: 'X', id: 'Y' }, …)
  for (const m of source.matchAll(/\b\w+\(\s*env\s*,/g)) {
    const start = m.index! + m[0].length;
    const args = source.slice(start, closingParen(source, start) - 1);
    for (const q of args.matchAll(/'([^'\n]*)'/g)) if (NAME.test(q[1]!)) names.add(q[1]!);
  }
  return names;
}

/** Variables named in the first column of the tables under `## Server` in docs/configuration.md. */
function variablesDocumentedIn(markdown: string): Set<string> {
  const start = markdown.search(/^## Server\s*$/m);
  if (start < 0) throw new Error('docs/configuration.md has no "## Server" section');
  const rest = markdown.slice(start + 1);
  const next = rest.search(/^## /m);
  const section = next < 0 ? rest : rest.slice(0, next);
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) continue;
    const firstCell = line.split('|')[1] ?? '';
    for (const m of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(m[1]!);
  }
  return names;
}

describe('docs/configuration.md', () => {
  const read = variablesReadBy(readFileSync(CONFIG_SOURCE, 'utf8'));
  const documented = variablesDocumentedIn(readFileSync(CONFIG_DOC, 'utf8'));

  it('the parser finds config.ts’s reads of every kind (so the checks below are not vacuous)', () => {
    // One of each: env.X, int(env, 'X'), bool(env, 'X'), list(env, 'X'), signingKeyring(env, { keys, id }).
    for (const name of ['HOST', 'PORT', 'DEMO_MODE', 'CORS_ORIGINS', 'ACCESS_GATE_KEYS', 'ACCESS_GATE_KEY_ID']) {
      expect(read).toContain(name);
    }
    expect(read.size).toBeGreaterThan(40);
    expect(variablesReadBy(`x(env, { keys: 'A_KEYS', id: 'A_ID' }, 'not a name'); env['B']; env?.C_D;`)).toEqual(
      new Set(['A_KEYS', 'A_ID', 'B', 'C_D']),
    );
  });

  it('lists every variable server/src/platform/config.ts reads', () => {
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });

  it('lists no variable that config.ts no longer reads (the mini-program’s TARO_APP_* aside)', () => {
    const stale = [...documented].filter((name) => !read.has(name) && !name.startsWith('TARO_APP_'));
    expect(stale.sort()).toEqual([]);
  });
});
