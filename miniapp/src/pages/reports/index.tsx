import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { DESCRIPTION_MAX, MAX_PHOTOS, REPORT_STATE_LABELS } from '@nuanxin/shared/reports/constants';
import type { NearbyReport, ReportCategory, ReportDetail } from '@nuanxin/shared/reports/schemas';
// useAction first: its Notice stylesheet must precede PhotoPicker's and PrivacyPopup's in the
// shared chunk, in the same order as on every other page (webpack warns on conflicting CSS order).
import { useAction } from '../../components/useAction';
import { Notice } from '../../components/Notice';
import { PhotoPicker } from '../../components/PhotoPicker';
import { PrivacyPopup } from '../../components/PrivacyPopup';
import { PlaceLabel } from '../../components/PlaceLabel';
import { OutboxList } from '../../components/OutboxList';
import { IS_H5, IS_WEAPP, SUBSCRIBE_TEMPLATES } from '../../env';
import { getLocation } from '../../services/location';
import { newDraftKey, reportsApi, submitDraft, type Draft } from '../../services/reports';
import { ApiError } from '../../services/api';
import { goToLogin, useSession } from '../../services/session';
import { outbox, OUTBOX_STATE_LABELS, useOutbox } from '../../services/offline';
import { reportDetailUrl, ROUTES } from '../../routes';
import './index.css';

const DRAFT_KEY = 'nx.report-draft';
/** The last category list seen: shown at once (and offline), refreshed whenever the network allows. */
const CATEGORIES_KEY = 'nx.report-categories';

function cachedCategories(): ReportCategory[] {
  const saved = Taro.getStorageSync(CATEGORIES_KEY) as ReportCategory[] | '';
  return Array.isArray(saved) ? saved : [];
}

/** Calls `fn` when the device comes back online (H5: the window's event; weapp: WeChat's). */
function onReconnect(fn: () => void): () => void {
  if (IS_H5 && typeof window !== 'undefined') {
    window.addEventListener('online', fn);
    return () => window.removeEventListener('online', fn);
  }
  if (typeof Taro.onNetworkStatusChange !== 'function') return () => undefined;
  const listener = (r: { isConnected: boolean }) => r.isConnected && fn();
  Taro.onNetworkStatusChange(listener);
  return () => Taro.offNetworkStatusChange?.(listener);
}

/** What the rider must still do before submitting; each message goes as soon as it is done. */
type Missing = 'photo' | 'category' | 'position';
const MISSING_MESSAGES: Record<Missing, string> = {
  photo: '请至少拍一张照片',
  category: '请选择问题类别',
  position: '还没有定位成功，请点“重新定位”',
};

/** The text part of a draft survives a restart; photos (temp files / Files) live with the page. */
function loadDraft(): Draft {
  const saved = Taro.getStorageSync(DRAFT_KEY) as Partial<Draft> | '';
  return {
    key: (saved && saved.key) || newDraftKey(),
    category: (saved && saved.category) || '',
    description: (saved && saved.description) || '',
    photos: [],
    position: null,
    subscriptions: [],
  };
}

/** Asks for the subscribe messages in the submit tap (WeChat allows it only from a tap). */
async function askSubscriptions(): Promise<string[]> {
  const ids = Object.entries(SUBSCRIBE_TEMPLATES).filter(([, id]) => id);
  if (!IS_WEAPP || ids.length === 0) return [];
  try {
    const res = (await Taro.requestSubscribeMessage({
      tmplIds: ids.map(([, id]) => id),
      entityIds: [],
    } as never)) as unknown as Record<string, string>;
    return ids.filter(([, id]) => res[id] === 'accept').map(([kind]) => kind);
  } catch {
    return [];
  }
}

export default function ReportsPage() {
  const { user } = useSession();
  const [categories, setCategories] = useState<ReportCategory[]>(cachedCategories);
  // The category list has its own load and error: a failed load must not be wiped by the next
  // action, and must go away by itself once a reload works.
  const catalog = useAction({ anyError: true, fallback: '问题类别加载失败' });
  const [missing, setMissing] = useState<Missing | null>(null);
  /** The last failure was the upload itself: only then does 重试 mean something. */
  const [submitFailed, setSubmitFailed] = useState(false);
  const [draft, setDraft] = useState<Draft>(loadDraft);
  const [locating, setLocating] = useState(false);
  const [nearby, setNearby] = useState<NearbyReport[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  // One line for whatever failed last: loading, locating, the photo, the upload. The upload throws
  // Errors with Chinese messages of its own, so any Error's message is shown.
  const task = useAction({ anyError: true });
  const [done, setDone] = useState<ReportDetail | null>(null);
  /** The key of the report just kept in the outbox (no network): its card shows its state live. */
  const [queued, setQueued] = useState<string | null>(null);
  const outboxItems = useOutbox(user?.id, 'report');
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const mounted = useRef(true);
  const loadingCategories = useRef(false);

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  useEffect(() => {
    mounted.current = true;
    if (user) {
      void loadCategories();
      void locate();
    }
    return () => {
      mounted.current = false;
    };
  }, [user?.id]);

  useEffect(() => (user ? onReconnect(() => void loadCategories()) : undefined), [user?.id]);
  // A tab page stays mounted: coming back to it is the moment to refresh (or learn the network is gone).
  useDidShow(() => {
    if (!user) return;
    void loadCategories();
    void outbox.flush(user.id, { now: true });
  });

  async function loadCategories() {
    if (loadingCategories.current) return;
    loadingCategories.current = true;
    await catalog.run(async () => {
      const items = (await reportsApi.categories()).items;
      Taro.setStorageSync(CATEGORIES_KEY, items);
      if (mounted.current) setCategories(items);
    });
    loadingCategories.current = false;
  }

  useEffect(() => {
    Taro.setStorageSync(DRAFT_KEY, { key: draft.key, category: draft.category, description: draft.description });
  }, [draft.key, draft.category, draft.description]);

  useEffect(() => {
    if (!draft.category || !draft.position) return setNearby([]);
    reportsApi.nearby(draft.category, draft.position).then(
      (r) => mounted.current && setNearby(r.items),
      () => setNearby([]),
    );
  }, [draft.category, draft.position]);

  async function locate() {
    setLocating(true);
    await task.run(async () => {
      const position = await getLocation();
      if (mounted.current) setDraft((d) => ({ ...d, position }));
    }, '暂时无法获取位置，请重试');
    if (mounted.current) setLocating(false);
  }

  async function submit() {
    task.fail(null);
    setSubmitFailed(false);
    const lacking: Missing | null =
      draft.photos.length === 0 ? 'photo' : !draft.category ? 'category' : !draft.position ? 'position' : null;
    setMissing(lacking);
    if (lacking) return;
    const subscriptions = await askSubscriptions();
    setProgress(0);
    // The draft (and its idempotency key) stays when this is refused: 重试 sends the same report
    // again. It is kept in the outbox (photos too) before the first byte leaves, so an upload cut
    // by the network, or by the app being closed, is sent later with that same key: one report.
    const ok = await task.run(async () => {
      const report = {
        category: draft.category,
        description: draft.description,
        position: draft.position!,
        subscriptions,
      };
      const title = categories.find((c) => c.code === draft.category)?.name ?? '随手拍';
      // No room to keep the photos: send directly, as before the outbox, and say why it was not kept.
      let keepError: Error | null = null;
      await outbox.enqueue({ key: draft.key, userId: user!.id, title, report, photos: draft.photos }).catch((err) => {
        keepError = err instanceof Error ? err : new Error('照片无法保存到待发送');
      });
      const kept = !keepError;
      if (kept) {
        const { item, result } = await outbox.send(draft.key, (p) => setProgress(p));
        if (item?.state === 'failed') {
          // Refused (4xx): the rider is here to fix it; nothing waits in the outbox.
          await outbox.remove(draft.key);
          throw new Error(item.error?.message ?? '提交失败，请重试');
        }
        if (result) {
          // Sent at once: it never needed the outbox, so it is not listed there.
          await outbox.remove(draft.key);
          setDone(result.report);
        } else {
          setQueued(draft.key);
        }
      } else {
        const result = await submitDraft({ ...draft, subscriptions }, (p) => setProgress(p)).catch((err) => {
          if (err instanceof ApiError && err.isNetwork && keepError) {
            throw new Error(`${err.message}。${(keepError as Error).message}，无法离线保存，请联网后提交`);
          }
          throw err;
        });
        setDone(result.report);
      }
      Taro.removeStorageSync(DRAFT_KEY);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
      setDraft({
        key: newDraftKey(),
        category: '',
        description: '',
        photos: [],
        position: draft.position,
        subscriptions: [],
      });
    }, '提交失败，请重试');
    setSubmitFailed(!ok);
    setProgress(null);
  }

  async function meToo(id: string) {
    await task.run(async () => {
      await reportsApi.confirm(id);
      setConfirmed(id);
    }, '操作失败');
  }

  if (!user) return <View className="nx-page" />;

  if (done) {
    return (
      <View className="nx-page nx-report-new">
        <View className="nx-card nx-report-new__done">
          <Text className="nx-title">已提交</Text>
          <Text className="nx-card__text">
            {done.category.name} · {REPORT_STATE_LABELS[done.state]}
            {done.streetName ? ` · 已派往${done.streetName}` : ' · 已转区级受理'}
          </Text>
          <Text className="nx-card__text">受理、修复后会通知你。</Text>
        </View>
        <Button
          className="nx-button nx-button--primary"
          onClick={() => void Taro.navigateTo({ url: reportDetailUrl(done.id) })}
        >
          查看进度
        </Button>
        <Button className="nx-button nx-button--secondary" onClick={() => setDone(null)}>
          再拍一个
        </Button>
      </View>
    );
  }

  const queuedItem = queued ? outboxItems.find((i) => i.key === queued) : undefined;
  if (queuedItem) {
    const { state } = queuedItem;
    return (
      <View className="nx-page nx-report-new">
        <View className="nx-card nx-report-new__done nx-report-new__queued">
          <Text className="nx-title">
            {state === 'sent' ? '已提交' : state === 'failed' ? '发送失败' : '已保存，待发送'}
          </Text>
          <Text className="nx-card__text">
            {state === 'sent'
              ? '网络恢复后已自动发送。受理、修复后会通知你。'
              : state === 'failed'
                ? '服务器没有接受这条上报，原因见下方；可以重试或删除。'
                : '这次没有发出去。这条上报连同照片已保存在手机上，网络恢复后会自动发送，只会生成一条上报；不用重新拍摄。'}
          </Text>
        </View>
        <OutboxList items={[queuedItem]} />
        <Button className="nx-button nx-button--secondary nx-report-new__again" onClick={() => setQueued(null)}>
          再拍一个
        </Button>
      </View>
    );
  }

  const unsent = outboxItems.filter((i) => i.state !== 'sent').length;
  const busy = progress !== null;
  // A precondition's message lasts only while it still holds (choosing a category clears 请选择问题类别).
  const stillMissing =
    missing === 'photo'
      ? draft.photos.length === 0
      : missing === 'category'
        ? !draft.category
        : missing === 'position'
          ? !draft.position
          : false;
  return (
    <View className="nx-page nx-report-new">
      <View className="nx-report-new__head">
        <Text className="nx-title">随手拍</Text>
        {unsent > 0 ? (
          <Text className="nx-report-new__unsent">
            {unsent} 条{OUTBOX_STATE_LABELS.pending}
          </Text>
        ) : null}
        <Button className="nx-report-new__mine" onClick={() => void Taro.navigateTo({ url: ROUTES.myReports })}>
          我的上报
        </Button>
      </View>
      <OutboxList items={outboxItems} />

      <Text className="nx-report-new__label">1. 拍下问题（最多 {MAX_PHOTOS} 张）</Text>
      <PhotoPicker
        photos={draft.photos}
        max={MAX_PHOTOS}
        onChange={(photos) => setDraft((d) => ({ ...d, photos }))}
        onError={task.fail}
      />

      <Text className="nx-report-new__label">2. 位置</Text>
      <View className="nx-card nx-report-new__where">
        {draft.position ? (
          <PlaceLabel
            className="nx-report-new__place"
            lat={draft.position.latitude}
            lng={draft.position.longitude}
            coord={draft.position.coordSystem}
            accuracy={draft.position.accuracy}
            note="已定位"
          />
        ) : (
          <Text className="nx-card__text">{locating ? '正在定位…' : '未定位'}</Text>
        )}
        <Button className="nx-report-new__relocate" disabled={locating || undefined} onClick={() => void locate()}>
          重新定位
        </Button>
      </View>

      <Text className="nx-report-new__label">3. 问题类别</Text>
      {catalog.error ? (
        <Notice
          message={
            categories.length > 0
              ? `${catalog.error}。下面是上次保存的类别，仍可选择并提交；网络恢复后会自动更新。`
              : `${catalog.error}。问题类别暂时无法显示，网络恢复后会自动加载。`
          }
          onRetry={catalog.running ? undefined : () => void loadCategories()}
        />
      ) : null}
      <View className="nx-categories">
        {categories.map((c) => (
          <View
            key={c.code}
            className={`nx-categories__item nx-categories__item--${c.code}${draft.category === c.code ? ' nx-categories__item--active' : ''}`}
            onClick={() => setDraft((d) => ({ ...d, category: c.code }))}
          >
            <Text className={`nx-categories__icon nx-categories__icon--${c.code}`}>{c.icon}</Text>
            <Text className="nx-categories__name">{c.name}</Text>
          </View>
        ))}
      </View>

      {nearby.length > 0 ? (
        <View className="nx-card nx-nearby">
          <Text className="nx-card__title">附近已有人上报</Text>
          {nearby.map((n) => (
            <View key={n.id} className="nx-nearby__item">
              <Text className="nx-card__text">
                {n.category.name} · {n.distanceM} 米 · {REPORT_STATE_LABELS[n.state]} · {n.confirmations + 1} 人遇到
              </Text>
              {n.description ? <Text className="nx-card__text">{n.description}</Text> : null}
              {n.mine ? (
                <Text className="nx-card__text nx-nearby__mine">这是你上报的，正在处理中</Text>
              ) : (
                <Button
                  className="nx-button nx-button--secondary nx-nearby__me-too"
                  disabled={confirmed === n.id || undefined}
                  onClick={() => void meToo(n.id)}
                >
                  {confirmed === n.id ? '已确认，谢谢' : '我也遇到'}
                </Button>
              )}
            </View>
          ))}
        </View>
      ) : null}

      <Text className="nx-report-new__label">4. 补充说明（可选）</Text>
      <Textarea
        className="nx-report-new__text"
        value={draft.description}
        maxlength={DESCRIPTION_MAX}
        placeholder="例如：路口东侧井盖缺失"
        onInput={(e) => setDraft((d) => ({ ...d, description: e.detail.value }))}
      />

      {missing && stillMissing ? <Notice message={MISSING_MESSAGES[missing]} /> : null}
      {task.notice(submitFailed && !busy ? () => void submit() : undefined)}
      {busy ? (
        <View className="nx-progress">
          <View className="nx-progress__bar" style={{ width: `${Math.round((progress ?? 0) * 100)}%` }} />
          <Text className="nx-progress__text">正在上传 {Math.round((progress ?? 0) * 100)}%</Text>
        </View>
      ) : null}
      <Button
        className="nx-button nx-button--primary nx-report-new__submit"
        disabled={busy || undefined}
        onClick={() => void submit()}
      >
        {busy ? '正在提交…' : '提交上报'}
      </Button>
      <PrivacyPopup />
    </View>
  );
}
