// The offline outbox: reports made without network (or whose upload failed) and gate scans made
// without network wait here, persisted in Taro storage (reports with their photos, photos.ts), and
// are sent when the network is back, on app show, on a manual 重试, and on a backoff timer. Each
// item's key is chosen once, when the rider submits or scans, and every send of it carries that
// key: the server makes one report (one 离线补录 access event) of it however often it arrives.
import Taro from '@tarojs/taro';
import type { ScanBody, ScanResult } from '@nuanxin/shared/access/schemas';
import type { SubmitResult } from '@nuanxin/shared/reports/schemas';
import { ApiError } from '../api';
import { accessApi } from '../access';
import { sendReport, type LocalPhoto, type PhotoSource, type ReportPayload } from '../reports';
import { photoStore, type StoredPhoto } from './photos';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed';

export const OUTBOX_STATE_LABELS: Record<OutboxState, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
};

interface ItemBase {
  /** The idempotency key, chosen when the rider submitted or scanned; also the item's id. */
  key: string;
  /** Whose item: only the signed-in user's items are sent or shown. */
  userId: string;
  /** What the list shows (the category's name; 门岗扫码). */
  title: string;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  /** Epoch ms before which the automatic sends leave it alone (backoff). */
  nextAttemptAt: number;
  /** The last failure; for `failed` it is the server's refusal, shown as is. */
  error: { code: string; message: string } | null;
  sentAt: number | null;
}

export interface ReportItem extends ItemBase {
  kind: 'report';
  report: ReportPayload;
  photos: StoredPhoto[];
  reportId: string | null;
}

/** A gate scan made without network, sent later as 离线补录 (its `offline.key` is the item's key). */
export interface ScanItem extends ItemBase {
  kind: 'scan';
  scan: ScanBody;
  /** The server's decision once sent: what the rider reads in the list. */
  decision: { granted: boolean; message: string; place: string } | null;
}

export type OutboxItem = ReportItem | ScanItem;
export type OutboxKind = OutboxItem['kind'];

export const OUTBOX_STORAGE_KEY = 'nx.outbox.v1';
/** Sent items stay listed (as 已发送) this long, then go. */
export const SENT_KEPT_MS = 24 * 3600_000;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 5 * 60_000;

/** 5 s, 10 s, 20 s … capped at 5 min. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * A refusal the server will repeat for the same request is final: 4xx, except 401 (the session
 * ran out: sent again after the next login), 408 and 429 (try later). Network errors and 5xx retry.
 */
export function isFinal(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  return err.status >= 400 && err.status < 500 && ![401, 408, 429].includes(err.status);
}

export type ReportSender = (
  key: string,
  payload: ReportPayload,
  photos: PhotoSource[],
  onProgress: (p: number) => void,
) => Promise<SubmitResult>;

export type ScanSender = (body: ScanBody) => Promise<ScanResult>;

function load(): OutboxItem[] {
  try {
    const v: unknown = Taro.getStorageSync(OUTBOX_STORAGE_KEY);
    return Array.isArray(v) ? (v as OutboxItem[]) : [];
  } catch {
    return [];
  }
}

function save(items: OutboxItem[]): void {
  Taro.setStorageSync(OUTBOX_STORAGE_KEY, items);
}

type Listener = () => void;
const listeners = new Set<Listener>();
let sender: ReportSender = sendReport;
let scanSender: ScanSender = (body) => accessApi.scan(body);
let nowFn: () => number = () => Date.now();
let timer: ReturnType<typeof setTimeout> | null = null;
/** Every send goes through this chain: one at a time, so no item is ever in flight twice. */
let chain: Promise<unknown> = Promise.resolve();

function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = chain.then(fn, fn);
  chain = run.catch(() => undefined);
  return run;
}

function update(key: string, change: (item: OutboxItem) => OutboxItem | null): OutboxItem | null {
  let result: OutboxItem | null = null;
  const items = load().flatMap((item) => {
    if (item.key !== key) return [item];
    result = change(item);
    return result ? [result] : [];
  });
  save(items);
  for (const l of listeners) l();
  return result;
}

export const outbox = {
  /** Tests give their own senders (default: services/reports sendReport, accessApi.scan) and clock. */
  configure(deps: { send?: ReportSender; sendScan?: ScanSender; now?: () => number }): void {
    if (deps.send) sender = deps.send;
    if (deps.sendScan) scanSender = deps.sendScan;
    if (deps.now) nowFn = deps.now;
  },

  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  /** The user's items (of one kind, if given), newest first; sent ones older than a day are dropped. */
  items(userId: string | undefined, kind?: OutboxKind): OutboxItem[] {
    if (!userId) return [];
    const now = nowFn();
    return load()
      .filter((i) => i.userId === userId && !(i.state === 'sent' && (i.sentAt ?? 0) + SENT_KEPT_MS < now))
      .filter((i) => !kind || i.kind === kind)
      .sort((a, b) => b.createdAt - a.createdAt);
  },

  /** Items still to send (待发送, 发送中, 发送失败): the count home and the 随手拍 tab show. */
  unsentCount(userId: string | undefined, kind?: OutboxKind): number {
    return outbox.items(userId, kind).filter((i) => i.state !== 'sent').length;
  },

  /**
   * Keeps a report with its photos. The key is the draft's: if an earlier attempt of this draft
   * reached the server, the queued send gets that same report back.
   */
  async enqueue(input: { key: string; userId: string; title: string; report: ReportPayload; photos: LocalPhoto[] }) {
    const store = await photoStore();
    const photos = await store.keep(input.key, input.photos);
    const item: ReportItem = {
      key: input.key,
      kind: 'report',
      userId: input.userId,
      title: input.title,
      createdAt: nowFn(),
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 0,
      error: null,
      report: input.report,
      photos,
      sentAt: null,
      reportId: null,
    };
    save([...load().filter((i) => i.key !== item.key), item]);
    for (const l of listeners) l();
    return item;
  },

  /**
   * Keeps a gate scan made without network. Its time is the phone's, when the rider scanned; the
   * server records it as 离线补录 (up to its offline window old) and opens nothing.
   */
  enqueueScan(input: { key: string; userId: string; scan: Omit<ScanBody, 'offline'> }): ScanItem {
    const item: ScanItem = {
      key: input.key,
      kind: 'scan',
      userId: input.userId,
      title: '门岗扫码',
      createdAt: nowFn(),
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 0,
      error: null,
      scan: { ...input.scan, offline: { key: input.key } },
      decision: null,
      sentAt: null,
    };
    save([...load().filter((i) => i.key !== item.key), item]);
    for (const l of listeners) l();
    return item;
  },

  /**
   * Sends one item now (a manual 重试, or right after the rider submitted), whatever its backoff.
   * Resolves with the item as it is afterwards (null if deleted meanwhile) and, when this very
   * send made (or found) the report, the server's answer.
   */
  send(key: string, onProgress: (p: number) => void = () => undefined): Promise<Attempt> {
    return exclusive(async () => {
      const done = await attempt(key, onProgress);
      if (done.item) schedule(done.item.userId);
      return done;
    });
  },

  /**
   * Sends the user's waiting items, one after the other. The backoff timer sends only those due;
   * the network coming back or the app coming to the foreground (`now: true`) sends all of them:
   * the backoff was for the network that just changed.
   */
  flush(userId: string | undefined, options: { now?: boolean } = {}): Promise<void> {
    if (!userId) return Promise.resolve();
    return exclusive(async () => {
      const now = options.now ? Infinity : nowFn();
      const due = load().filter((i) => i.userId === userId && i.state === 'pending' && i.nextAttemptAt <= now);
      for (const item of due) await attempt(item.key, () => undefined);
      schedule(userId);
    });
  },

  /** Removes an item and its photos (not while it is being sent). */
  remove(key: string): Promise<void> {
    return exclusive(async () => {
      const item = load().find((i) => i.key === key);
      if (!item || item.state === 'sending') return;
      update(key, () => null);
      if (item.kind === 'report') await (await photoStore()).drop(item.photos).catch(() => undefined);
    });
  },

  /** Cancels the backoff timer (logout, tests). */
  stop(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  },

  /**
   * At launch: an item left `sending` by an app killed mid-upload goes back to `pending` (its key
   * makes the resend safe).
   */
  recover(): void {
    const items = load();
    if (!items.some((i) => i.state === 'sending')) return;
    save(items.map((i) => (i.state === 'sending' ? { ...i, state: 'pending' as const, nextAttemptAt: 0 } : i)));
  },
};

export interface Attempt {
  item: OutboxItem | null;
  result: SubmitResult | null;
}

async function attempt(key: string, onProgress: (p: number) => void): Promise<Attempt> {
  const item = load().find((i) => i.key === key);
  if (!item || item.state === 'sent') return { item: item ?? null, result: null };
  update(key, (i) => ({ ...i, state: 'sending', attempts: i.attempts + 1 }));
  if (item.kind === 'scan') {
    try {
      const result = await scanSender(item.scan);
      const place = `${result.community.name} · ${result.gate.name}`;
      const decision = { granted: result.granted, message: result.message, place };
      return { item: sent(key, (i) => (i.kind === 'scan' ? { ...i, decision } : i)), result: null };
    } catch (err) {
      return { item: failed(key, err), result: null };
    }
  }
  const store = await photoStore();
  const photos: PhotoSource[] = [];
  try {
    // weapp: the saved file's path (uploadFile streams it); H5: the bytes from IndexedDB.
    for (const p of item.photos)
      photos.push(store.source ? await store.source(p) : { type: p.type, data: await store.read(p) });
  } catch (err) {
    // Nothing to send without the photos, now or later: final.
    const message = err instanceof Error ? err.message : '待发送的照片已丢失，请删除后重新拍摄';
    return {
      item: update(key, (i) => ({ ...i, state: 'failed', error: { code: 'PHOTO_LOST', message } })),
      result: null,
    };
  }
  try {
    const result = await sender(key, item.report, photos, onProgress);
    const done = sent(key, (i) => (i.kind === 'report' ? { ...i, reportId: result.report.id, photos: [] } : i));
    await store.drop(item.photos).catch(() => undefined);
    return { item: done, result };
  } catch (err) {
    return { item: failed(key, err), result: null };
  }
}

/** The item as sent: listed as 已发送 for a day, with what the server answered. */
function sent(key: string, withAnswer: (item: OutboxItem) => OutboxItem): OutboxItem | null {
  return update(key, (i) => withAnswer({ ...i, state: 'sent', error: null, sentAt: nowFn() }));
}

/** A failed send: final (a refusal the server would repeat) or waiting for its backoff. */
function failed(key: string, err: unknown): OutboxItem | null {
  const error =
    err instanceof Error ? { code: err instanceof ApiError ? err.code : 'LOCAL', message: err.message } : null;
  const final = isFinal(err);
  return update(key, (i) => ({
    ...i,
    state: final ? 'failed' : 'pending',
    error: error ?? { code: 'UNKNOWN', message: '发送失败，请重试' },
    nextAttemptAt: final ? 0 : nowFn() + backoffMs(i.attempts),
  }));
}

/** A timer for the earliest backoff, so a 5xx or a flaky network is retried without a tap. */
function schedule(userId: string): void {
  if (timer) clearTimeout(timer);
  timer = null;
  const next = load()
    .filter((i) => i.userId === userId && i.state === 'pending')
    .reduce((min, i) => Math.min(min, i.nextAttemptAt), Infinity);
  if (next === Infinity) return;
  timer = setTimeout(() => void outbox.flush(userId), Math.max(1000, next - nowFn()));
}
