// The WeChat build (miniapp/dist/weapp) run in Node with WeChat's own component test tool,
// miniprogram-simulate: its official `wcc` compiles the package's WXML (Taro's base.wxml templates,
// the recursive `comp` component), j-component + miniprogram-exparser render pages into jsdom, and
// the minified page JS runs as it would in WeChat. What WeChat itself does is replaced here:
//   - `wx` is the simulator's mock object with every API wrapped by a RECORDER (`Weapp.calls`), and
//     the ones a page's flow depends on answered by this file: storage (a Map), login (a code),
//     request/uploadFile (sent to the REAL API of the test through app.inject), scanCode,
//     getLocation, chooseMedia, the file system (readFile of a chosen photo), privacy (WeChat's
//     flow: requirePrivacyAuthorize → onNeedPrivacyAuthorization → the page's agree button),
//     navigation (recorded; the test opens the next page itself);
//   - `App`, `getApp`, `getCurrentPages` and `Page` (a shim onto `Component`, which is what the
//     simulator loads) are provided, and a page's lifecycles (onLoad, onShow) called here.
// Built-in tags render as empty shells (no native button, input, map or layout): tests assert on
// text, `nx-` class names (the build is minified, the class names are the source's) and recorded
// calls. A tap on a disabled button is refused, as WeChat does.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from '../support/app.js';

export const WEAPP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../miniapp/dist/weapp');
/** The API origin the weapp build calls (TARO_APP_API_BASE, default of miniapp/config/index.ts). */
const API_ORIGIN_RE = /^https:\/\/[^/]+/;

const require = createRequire(import.meta.url);

type Options = Record<string, unknown> & {
  success?: (res: unknown) => void;
  fail?: (err: { errMsg: string }) => void;
  complete?: (res: unknown) => void;
};

export interface WxCall {
  api: string;
  arg: Record<string, unknown> | undefined;
}

/** A rejection WeChat would give: the page sees `{ errMsg }`. */
export class WxFail extends Error {
  constructor(readonly errMsg: string) {
    super(errMsg);
  }
}

/** What the test answers for the device APIs; a missing answer fails the call (and the test shows why). */
export interface Answers {
  scanCode?: () => { result: string };
  getLocation?: () => { latitude: number; longitude: number; accuracy?: number };
  chooseMedia?: () => { path: string; data: Buffer }[];
  login?: () => string;
  requestSubscribeMessage?: (tmplIds: string[]) => Record<string, string>;
  openLocation?: () => void;
  showModal?: () => { confirm: boolean };
  /** No network for this request/upload (the API path): WeChat fails it with `<api>:fail …`. */
  offline?: (api: 'request' | 'uploadFile', path: string) => boolean;
}

// Device APIs WeChat refuses before the user agreed to the privacy guide (小程序隐私保护指引).
const PRIVACY_APIS = new Set(['getLocation', 'chooseLocation', 'scanCode', 'chooseMedia', 'chooseImage']);

const TASK_APIS = new Set(['request', 'uploadFile', 'downloadFile', 'connectSocket']);

function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface PageHandle {
  route: string;
  /** The page's visible text (all of it, minified markup stripped). */
  text(): string;
  /** What WeChat draws in the navigation bar: the page JSON's navigationBarTitleText. */
  title(): string;
  /** Elements whose class list holds the source class `cls` (j-component prefixes it). */
  all(cls: string): Element[];
  /** Waits until `check()` holds (the page re-renders asynchronously), up to 15 s. */
  until(check: () => boolean, what: string): Promise<void>;
  /** Waits for a text on the page. */
  waitForText(text: string | RegExp): Promise<void>;
  /**
   * A tap on the first element with class `cls` (and `text`, if given), or with `inside`: the first
   * one within an element of class `inside.cls` that shows `inside.text` (a button in a card).
   */
  tap(cls: string, text?: string, inside?: { cls: string; text: string }): Promise<void>;
  /** Types `value` into an <Input>/<Textarea> found by class. */
  input(cls: string, value: string): Promise<void>;
  /** Fires any component event (e.g. `agreeprivacyauthorization`) on an element. */
  fire(
    cls: string,
    event: string,
    detail?: Record<string, unknown>,
    text?: string,
    inside?: { cls: string; text: string },
  ): Promise<void>;
  close(): void;
}

export interface Weapp {
  calls: WxCall[];
  /** The calls of one API, in order. */
  of(api: string): WxCall[];
  /** Index of the first call of `api` in `calls` (-1 when none). */
  indexOf(api: string, from?: number): number;
  answers: Answers;
  storage: Map<string, unknown>;
  /** Whether the user agreed to the privacy guide (WeChat keeps it per user). */
  privacy: { agreed: boolean };
  /** Requests the pages sent to the API: method, path, headers, body. */
  requests: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: Buffer | string | undefined;
    status?: number;
    response?: string;
  }[];
  /** Files the "device" has: chosen photos live here (path → bytes). */
  files: Map<string, Buffer>;
  openPage(route: string, query?: Record<string, string>): Promise<PageHandle>;
  /**
   * The subscribe-message template id the build has for `kind` (TARO_APP_TPL_*), '' when none: read
   * from the minified env object in common.js; throws when that object is not found.
   */
  builtTemplate(kind: string): string;
  /** Signs in as a demo account the way a person does: the login page's demo card (DEMO_MODE). */
  loginAs(account: string): Promise<void>;
}

/** A page as the harness drives it: Taro's page config methods on a j-component instance. */
interface PageInstance {
  route?: string;
  __route__?: string;
  options?: Record<string, string>;
  onLoad(query: Record<string, string>): void;
  onShow?(): void;
  onReady?(): void;
  onUnload?(): void;
  setData(...a: unknown[]): unknown;
}

let loaded: Weapp | null = null;

/**
 * Loads dist/weapp (once per test file) with recorders for `wx` and its requests sent to `t`.
 * Call `openPage` for each page; the same app instance lives across pages, as in WeChat.
 */
export async function startWeapp(t: TestContext, options: { account?: string } = {}): Promise<Weapp> {
  if (loaded) throw new Error('startWeapp: one app per test file');
  if (!fs.existsSync(path.join(WEAPP_DIR, 'app.js'))) {
    throw new Error('miniapp/dist/weapp is missing: run `pnpm --filter @nuanxin/miniapp build:weapp` (pnpm test does)');
  }
  const g = globalThis as unknown as Record<string, unknown>;
  const simulate = require('miniprogram-simulate') as {
    load(p: string, o: Record<string, unknown>): string;
    render(id: string): {
      attach(parent: Element): void;
      detach(): void;
      instance: PageInstance;
    };
  };
  // miniprogram-simulate depends on j-component, which depends on miniprogram-exparser: the same
  // module instances (jest's registry) as the simulator uses.
  const jcomp = createRequire(require.resolve('miniprogram-simulate'));
  const exparser = createRequire(jcomp.resolve('j-component'))('miniprogram-exparser') as {
    Event: {
      dispatchEvent(el: unknown, ev: unknown): void;
      create(name: string, detail: unknown, o: unknown): unknown;
    };
  };

  const wx = g.wx as Record<string, unknown>;
  const calls: WxCall[] = [];
  const storage = new Map<string, unknown>();
  const files = new Map<string, Buffer>();
  const privacy = { agreed: false };
  const answers: Answers = {};
  const requests: Weapp['requests'] = [];
  let privacyHandler: ((resolve: (o: { event: string; buttonId?: string }) => void) => void) | null = null;
  const pages: PageInstance[] = [];
  let app: Record<string, (...a: unknown[]) => unknown> | null = null;

  /** An async wx API: `impl` gives the result, or throws WxFail. */
  const asyncApi =
    (name: string, impl: (o: Options) => unknown | Promise<unknown>) =>
    (o: Options = {}): unknown => {
      const done = (async () => {
        if (PRIVACY_APIS.has(name) && !privacy.agreed) {
          throw new WxFail(`${name}:fail privacy permission is not authorized`);
        }
        return impl(o);
      })();
      // WeChat's promisified form: an async API called without callbacks returns a Promise
      // (Taro calls some, chooseMedia among them, that way); request/uploadFile return their task.
      const promised = !o.success && !o.fail && !o.complete && !TASK_APIS.has(name);
      if (promised) {
        return done.then(
          (res) => ({ errMsg: `${name}:ok`, ...(res as object) }),
          (err: unknown) => {
            const e = { errMsg: err instanceof WxFail ? err.errMsg : `${name}:fail ${String(err)}` };
            calls.push({ api: `(${name} failed)`, arg: e });
            throw e;
          },
        );
      }
      done.then(
        (res) => {
          const r = { errMsg: `${name}:ok`, ...(res as object) };
          o.success?.(r);
          o.complete?.(r);
        },
        (err: unknown) => {
          const e = { errMsg: err instanceof WxFail ? err.errMsg : `${name}:fail ${String(err)}` };
          calls.push({ api: `(${name} failed)`, arg: e });
          o.fail?.(e);
          o.complete?.(e);
        },
      );
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {}, onProgressUpdate() {} };
    };

  function apiPath(url: string): string {
    if (!API_ORIGIN_RE.test(url)) throw new WxFail(`request:fail url not in domain list: ${url}`);
    return url.replace(API_ORIGIN_RE, '');
  }

  async function send(method: string, url: string, headers: Record<string, string>, body: Buffer | string | undefined) {
    const entry: Weapp['requests'][number] = { method, url, headers, body };
    requests.push(entry);
    const res = await t.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(body === undefined ? {} : { payload: body }),
    });
    entry.status = res.statusCode;
    entry.response = res.body;
    return res;
  }

  const overrides: Record<string, unknown> = {
    getStorageSync: (k: string) => (storage.has(k) ? structuredClone(storage.get(k)) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, structuredClone(v)),
    removeStorageSync: (k: string) => void storage.delete(k),
    getStorage: asyncApi('getStorage', (o) => {
      if (!storage.has(String(o.key))) throw new WxFail('getStorage:fail data not found');
      return { data: structuredClone(storage.get(String(o.key))) };
    }),
    setStorage: asyncApi('setStorage', (o) => void storage.set(String(o.key), structuredClone(o.data))),
    removeStorage: asyncApi('removeStorage', (o) => void storage.delete(String(o.key))),
    login: asyncApi('login', () => {
      if (!answers.login) throw new WxFail('login:fail no answer in the test');
      return { code: answers.login() };
    }),
    request: asyncApi('request', async (o) => {
      const method = String(o.method ?? 'GET').toUpperCase();
      let url = apiPath(String(o.url));
      const headers = Object.fromEntries(
        Object.entries((o.header ?? {}) as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      let body: Buffer | string | undefined;
      const data = o.data as unknown;
      if (method === 'GET' && data && typeof data === 'object') {
        // WeChat puts a GET's data object in the query string.
        const q = new URLSearchParams(Object.entries(data).map(([k, v]) => [k, String(v)])).toString();
        if (q) url += (url.includes('?') ? '&' : '?') + q;
      } else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
        body = Buffer.from(data instanceof ArrayBuffer ? data : (data as Uint8Array).buffer);
      } else if (data !== undefined && data !== null) {
        body = typeof data === 'string' ? data : JSON.stringify(data);
        headers['content-type'] ??= 'application/json';
      }
      if (answers.offline?.('request', url)) throw new WxFail('request:fail net::ERR_INTERNET_DISCONNECTED');
      const res = await send(method, url, headers, body);
      let payload: unknown = res.body;
      if (o.dataType !== 'text') {
        try {
          payload = JSON.parse(res.body);
        } catch {
          /* not JSON: WeChat hands over the string */
        }
      }
      return { statusCode: res.statusCode, data: payload, header: res.headers };
    }),
    uploadFile: asyncApi('uploadFile', async (o) => {
      const file = files.get(String(o.filePath));
      if (!file) throw new WxFail(`uploadFile:fail file not found ${String(o.filePath)}`);
      const boundary = `----wxtest${calls.length}`;
      const parts: Buffer[] = [];
      for (const [k, v] of Object.entries((o.formData ?? {}) as Record<string, unknown>)) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`));
      }
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${String(o.name)}"; filename="${path.basename(String(o.filePath))}"\r\nContent-Type: ${/\.png$/i.test(String(o.filePath)) ? 'image/png' : 'image/jpeg'}\r\n\r\n`,
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      );
      const headers = Object.fromEntries(
        Object.entries((o.header ?? {}) as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
      const target = apiPath(String(o.url));
      if (answers.offline?.('uploadFile', target)) throw new WxFail('uploadFile:fail net::ERR_INTERNET_DISCONNECTED');
      const res = await send('POST', target, headers, Buffer.concat(parts));
      return { statusCode: res.statusCode, data: res.body };
    }),
    getFileSystemManager: () => ({
      readFile: asyncApi('readFile', (o) => {
        const file = files.get(String(o.filePath));
        if (!file) throw new WxFail(`readFile:fail no such file ${String(o.filePath)}`);
        return { data: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) };
      }),
      getFileInfo: asyncApi('getFileInfo', (o) => ({ size: files.get(String(o.filePath))?.length ?? 0 })),
      access: asyncApi('access', (o) => {
        if (!files.has(String(o.path))) throw new WxFail(`access:fail no such file or directory ${String(o.path)}`);
        return {};
      }),
    }),
    saveFile: asyncApi('saveFile', (o) => {
      const file = files.get(String(o.tempFilePath));
      if (!file) throw new WxFail(`saveFile:fail file not found ${String(o.tempFilePath)}`);
      const saved = `wxfile://store/${path.basename(String(o.tempFilePath))}`;
      files.set(saved, file);
      return { savedFilePath: saved };
    }),
    removeSavedFile: asyncApi('removeSavedFile', (o) => void files.delete(String(o.filePath))),
    scanCode: asyncApi('scanCode', () => {
      if (!answers.scanCode) throw new WxFail('scanCode:fail cancel');
      return { scanType: 'QR_CODE', ...answers.scanCode() };
    }),
    getLocation: asyncApi('getLocation', () => {
      if (!answers.getLocation) throw new WxFail('getLocation:fail no answer in the test');
      return { accuracy: 20, ...answers.getLocation() };
    }),
    chooseMedia: asyncApi('chooseMedia', () => {
      if (!answers.chooseMedia) throw new WxFail('chooseMedia:fail cancel');
      const chosen = answers.chooseMedia();
      for (const f of chosen) files.set(f.path, f.data);
      return {
        type: 'image',
        tempFiles: chosen.map((f) => ({ tempFilePath: f.path, size: f.data.length, fileType: 'image' })),
      };
    }),
    openLocation: asyncApi('openLocation', () => answers.openLocation?.()),
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', (o) => {
      const ids = (o.tmplIds ?? []) as string[];
      return answers.requestSubscribeMessage?.(ids) ?? Object.fromEntries(ids.map((id) => [id, 'accept']));
    }),
    showModal: asyncApi('showModal', () => answers.showModal?.() ?? { confirm: true, cancel: false }),
    // WeChat's privacy flow.
    getPrivacySetting: asyncApi('getPrivacySetting', () => ({
      needAuthorization: !privacy.agreed,
      privacyContractName: '《暖新隐私保护指引》',
    })),
    onNeedPrivacyAuthorization: (handler: typeof privacyHandler) => {
      privacyHandler = handler;
    },
    requirePrivacyAuthorize: asyncApi('requirePrivacyAuthorize', () => {
      if (privacy.agreed) return {};
      if (!privacyHandler) throw new WxFail('requirePrivacyAuthorize:fail privacy permission is not authorized');
      return new Promise((resolve, reject) => {
        privacyHandler!((answer) => {
          calls.push({ api: '(privacy answer)', arg: answer });
          if (answer.event === 'exposureAuthorization') return;
          if (answer.event === 'agree') {
            privacy.agreed = true;
            resolve({});
          } else reject(new WxFail('requirePrivacyAuthorize:fail privacy permission is not authorized'));
        });
      });
    }),
  };
  Object.assign(wx, overrides);
  // Every API recorded. Taro keeps a reference to this object (not to global `wx`), so the
  // functions are wrapped in place, before app.js loads Taro.
  for (const key of Object.keys(wx)) {
    const fn = wx[key];
    if (typeof fn !== 'function') continue;
    wx[key] = function recorded(this: unknown, ...args: unknown[]) {
      calls.push({ api: key, arg: args[0] as WxCall['arg'] });
      return (fn as (...a: unknown[]) => unknown).apply(this, args);
    };
  }

  g.App = (options: Record<string, (...a: unknown[]) => unknown>) => {
    app = options;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => pages;
  // A page is a component to the simulator: lifecycles and handlers become methods.
  g.Page = (options: Record<string, unknown>) => {
    const methods: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options)) (typeof v === 'function' ? methods : rest)[k] = v;
    (g.Component as (o: unknown) => void)({ ...rest, methods });
  };

  // A returning user: the session is in storage before the app starts (SessionProvider reads it once).
  if (options.account) await signIn(options.account);
  require(path.join(WEAPP_DIR, 'app.js'));
  if (!app) throw new Error('dist/weapp/app.js did not call App()');
  const launched = app as Record<string, (...a: unknown[]) => unknown>;
  launched.onLaunch?.call(launched, { path: 'pages/home/index', query: {}, scene: 1001 });
  launched.onShow?.call(launched, { path: 'pages/home/index', query: {}, scene: 1001 });

  const pageIds = new Map<string, string>();
  async function openPage(route: string, query: Record<string, string> = {}): Promise<PageHandle> {
    const rel = route.replace(/^\//, '');
    // A page's JS runs once (jest keeps the module); every open renders a new instance of it.
    let id = pageIds.get(rel);
    if (!id) {
      id = simulate.load(path.join(WEAPP_DIR, rel), { rootPath: WEAPP_DIR });
      pageIds.set(rel, id);
    }
    const comp = simulate.render(id);
    const parent = document.createElement('div');
    document.body.appendChild(parent);
    comp.attach(parent);
    const inst = comp.instance;
    inst.route = rel;
    inst.__route__ = rel;
    inst.options = query;
    pages.push(inst);
    if (process.env.WEAPP_DEBUG) {
      const orig = inst.setData;
      inst.setData = function (this: unknown, ...a: unknown[]) {
        try {
          return orig.apply(this, a);
        } catch (err) {
          console.log('setData failed', err, JSON.stringify(a[0]).slice(0, 500));
          throw err;
        }
      };
    }
    inst.onLoad.call(inst, query);
    inst.onShow?.call(inst);
    inst.onReady?.call(inst);
    await flush();

    const classMatch = (el: Element, cls: string) =>
      Array.from(el.classList).some((c) => c === cls || c.endsWith(`--${cls}`));
    const all = (cls: string) => Array.from(parent.querySelectorAll('*')).filter((el) => classMatch(el, cls));
    const text = () => parent.textContent ?? '';
    async function until(check: () => boolean, what: string) {
      // 15 s of wall time (not a count of 10 ms waits: timers run late on a loaded machine).
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        if (check()) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      if (check()) return;
      throw new Error(`weapp ${rel}: timed out waiting for ${what}. Page text: ${text().slice(0, 600)}`);
    }
    const within = (el: Element, inside?: { cls: string; text: string }) => {
      if (!inside) return true;
      for (let p = el.parentElement; p && p !== parent; p = p.parentElement) {
        if (classMatch(p, inside.cls)) return (p.textContent ?? '').includes(inside.text);
      }
      return false;
    };
    const matching = (cls: string, wanted?: string, inside?: { cls: string; text: string }) =>
      all(cls).filter((el) => (wanted === undefined || (el.textContent ?? '').includes(wanted)) && within(el, inside));
    function pick(cls: string, wanted?: string, inside?: { cls: string; text: string }): Element {
      const found = matching(cls, wanted, inside);
      if (found.length === 0) {
        throw new Error(
          `weapp ${rel}: no .${cls}${wanted ? ` with "${wanted}"` : ''}. Page text: ${text().slice(0, 600)}`,
        );
      }
      return found[0]!;
    }
    async function fire(
      cls: string,
      event: string,
      detail: Record<string, unknown> = {},
      wanted?: string,
      inside?: { cls: string; text: string },
    ) {
      await until(() => matching(cls, wanted, inside).length > 0, `.${cls}`);
      const el = pick(cls, wanted, inside) as Element & {
        __wxElement?: { _vt?: { attrs?: { name: string; value: unknown }[] } };
      };
      const wxEl = el.__wxElement;
      if (!wxEl) throw new Error(`weapp ${rel}: .${cls} is not a rendered element`);
      if (event === 'tap') {
        const disabled = wxEl._vt?.attrs?.find((a) => a.name === 'disabled');
        if (disabled && disabled.value !== false && disabled.value !== undefined && disabled.value !== '') {
          throw new Error(`weapp ${rel}: .${cls} is disabled (WeChat would not deliver the tap)`);
        }
      }
      exparser.Event.dispatchEvent(
        wxEl,
        exparser.Event.create(event, detail, {
          bubbles: true,
          composed: true,
          capturePhase: true,
          extraFields: { touches: [], changedTouches: [] },
        }),
      );
      await flush();
      await flush();
    }
    return {
      route: rel,
      text,
      title: () =>
        (
          JSON.parse(fs.readFileSync(path.join(WEAPP_DIR, `${rel}.json`), 'utf8')) as {
            navigationBarTitleText?: string;
          }
        ).navigationBarTitleText ?? '',
      all,
      until,
      waitForText: (wanted) =>
        until(
          () => (typeof wanted === 'string' ? text().includes(wanted) : wanted.test(text())),
          `"${String(wanted)}"`,
        ),
      tap: (cls, wanted, inside) => fire(cls, 'tap', { x: 0, y: 0 }, wanted, inside),
      input: (cls, value) => fire(cls, 'input', { value, cursor: value.length, keyCode: 0 }),
      fire,
      close: () => {
        inst.onUnload?.call(inst);
        comp.detach();
        parent.remove();
        pages.splice(pages.indexOf(inst), 1);
      },
    };
  }

  const weapp: Weapp = {
    calls,
    of: (api) => calls.filter((c) => c.api === api),
    indexOf: (api, from = 0) => calls.findIndex((c, i) => i >= from && c.api === api),
    answers,
    storage,
    privacy,
    requests,
    files,
    openPage,
    builtTemplate(kind) {
      const common = fs.readFileSync(path.join(WEAPP_DIR, 'common.js'), 'utf8');
      const m = new RegExp(`${kind}:null!==\\(\\w+="([^"]*)"\\)`).exec(common);
      if (!m)
        throw new Error(`dist/weapp/common.js: no template entry for ${kind} (has the env object changed shape?)`);
      return m[1]!;
    },
    async loginAs(account) {
      const leftLogin = (from: number) =>
        calls.slice(from).some((c) => ['reLaunch', 'switchTab', 'redirectTo'].includes(c.api));
      if (storage.has('nx.session.v1')) {
        // Signed in: 我的 → 退出登录 (confirmed), as a person switches accounts.
        const me = await openPage('pages/me/index');
        const at = calls.length;
        await me.tap('nx-me__logout');
        await me.until(() => leftLogin(at) && !storage.has('nx.session.v1'), 'the logout');
        me.close();
      }
      const login = await openPage('pages/login/index');
      await login.waitForText('演示账号（点一下即可登录）');
      const before = calls.length;
      await login.tap(`nx-demo-account--${account}`);
      await login.until(() => leftLogin(before), `the app to leave the login page as ${account}`);
      login.close();
    },
  };
  async function signIn(account: string) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/demo-login', payload: { account } });
    if (res.statusCode !== 200) throw new Error(`demo login ${account}: ${res.statusCode} ${res.body}`);
    const pair = res.json() as {
      accessToken: string;
      refreshToken: string;
      refreshTokenExpiresIn: number;
      user: unknown;
    };
    // What services/tokens.ts stores (one key: tokens and the cached user).
    storage.set('nx.session.v1', {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      refreshExpiresAt: Date.now() + pair.refreshTokenExpiresIn * 1000,
      user: pair.user,
    });
  }
  loaded = weapp;
  return weapp;
}
