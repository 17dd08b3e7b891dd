// A content hash of what a mini-program build reads, kept beside its output, so that `pnpm test`
// skips a build (a minute and a half or more on two cores) whose inputs have not changed since it
// last succeeded. Contents, not modification times: a checkout or a branch switch touches files
// without changing them, and a stale build must never pass for a fresh one.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Generated or installed folders inside the inputs; nothing in them is source.
const SKIP = new Set(['node_modules', 'dist', '.temp', '.swc', '.taro-cache']);

function addTree(hash, root, dir) {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) addTree(hash, root, full);
    else if (entry.isFile())
      hash
        .update(`${path.relative(root, full)}\0`)
        .update(fs.readFileSync(full))
        .update('\0');
  }
}

/** The hash of a build of `type` (h5 | weapp): the mini-program, shared/, the lockfile and TARO_* / NODE_ENV. */
export function miniappInputsHash(root, type) {
  const hash = createHash('sha256').update(`${type}\0`);
  for (const input of ['miniapp', 'shared/src', 'pnpm-lock.yaml', 'tsconfig.base.json']) {
    const full = path.join(root, input);
    if (!fs.existsSync(full)) continue;
    if (fs.statSync(full).isDirectory()) addTree(hash, root, full);
    else hash.update(`${input}\0`).update(fs.readFileSync(full));
  }
  const env = Object.keys(process.env)
    .filter((k) => k.startsWith('TARO_') || k === 'NODE_ENV')
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  return hash.update(env.join('\n')).digest('hex');
}

// Outside dist/<type>/, which the build empties first.
const stampFile = (root, type) => path.join(root, 'miniapp/dist', `.inputs-${type}.sha256`);

/** True when dist/<type> was built by a successful build of exactly these inputs. */
export function buildIsCurrent(root, type, hash) {
  const stamp = stampFile(root, type);
  return (
    fs.existsSync(path.join(root, 'miniapp/dist', type)) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8').trim() === hash
  );
}

export function recordBuild(root, type, hash) {
  fs.mkdirSync(path.dirname(stampFile(root, type)), { recursive: true });
  fs.writeFileSync(stampFile(root, type), `${hash}\n`);
}

export function forgetBuild(root, type) {
  fs.rmSync(stampFile(root, type), { force: true });
}
