import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { OpenCommunity, Pass, ProfileBody, RiderProfile, ScanBody } from '@nuanxin/shared/access/schemas';
import {
  PASS_STATUS_LABELS,
  PLATFORM_LABELS,
  PLATFORMS,
  VEHICLE_KINDS,
  VEHICLE_LABELS,
  type Platform,
  type VehicleKind,
} from '@nuanxin/shared/access/constants';
import { FIELD_LABELS } from '@nuanxin/shared/common/field-labels';
import { Notice } from '../../components/Notice';
import { PageShell } from '../../components/PageShell';
import { errorMessage, useAction } from '../../components/useAction';
import { PrivacyPopup } from '../../components/PrivacyPopup';
import { hasWechatScanner, QrCamera } from '../../components/QrCamera';
// After the shared components: AccessResult's map and place styles follow Notice's, as on every page.
import { AccessResult, type AccessOutcome } from './components/AccessResult';
import { SuspensionNotice } from './components/SuspensionNotice';
import { IS_H5 } from '../../env';
import { accessApi, accessSnapshot } from '../../services/access';
import { onNetworkBack, outbox, useOutbox } from '../../services/offline';
import { newDraftKey } from '../../services/reports';
import { OutboxList } from '../../components/OutboxList';
import { askPassSubscriptions } from '../../services/subscriptions';
import { ApiError } from '../../services/api';
import { getLocation, type Position } from '../../services/location';
import { ensurePrivacyAuthorized } from '../../services/privacy';
import { goToLogin, useSession } from '../../services/session';
import { ROUTES } from '../../routes';
import { formatTime } from '../../utils/format';
import './index.css';

const TITLE = '暖新码';

/** What to do after a code-level refusal (the server's message says what went wrong). */
function nextStepFor(code: string): string {
  if (code === 'RATE_LIMITED') return '请稍等一分钟再扫码';
  if (code === 'SCAN_TIME_INVALID') return '请检查手机时间后重新扫码';
  return '请扫描门岗张贴的暖新码，或联系门岗工作人员';
}

/** Location is a bonus for the scan: a few seconds at most, never a reason to block it. */
async function locationSoon(): Promise<Position | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000));
  return Promise.race([getLocation().catch(() => null), timeout]);
}

type View_ = 'main' | 'register' | 'apply';

export default function AccessPage() {
  const { user } = useSession();
  const [profile, setProfile] = useState<RiderProfile | null | undefined>(undefined);
  const [passes, setPasses] = useState<Pass[]>([]);
  const [view, setView] = useState<View_>('main');
  const page = useAction({ fallback: '加载失败，请重试' });
  const [outcome, setOutcome] = useState<AccessOutcome | null>(null);
  // The scan's own flag: its refusal is shown full screen (AccessResult), not as a notice.
  const [busy, setBusy] = useState(false);
  const [manualCode, setManualCode] = useState('');
  // H5: the browser's camera sheet (weapp scans with Taro.scanCode).
  const [camera, setCamera] = useState(false);

  // Without network the page shows what it showed last time (so 扫码进门 is there to keep a scan).
  const [offlineSince, setOfflineSince] = useState<number | null>(null);
  const scansKept = useOutbox(user?.id, 'scan');

  const load = useCallback(async () => {
    if (!user) return;
    await page.run(async () => {
      try {
        const { profile: p } = await accessApi.profile();
        const items = p ? (await accessApi.passes()).items : [];
        setProfile(p);
        setPasses(items);
        setOfflineSince(null);
        accessSnapshot.save(user.id, { profile: p, passes: items });
      } catch (err) {
        const snapshot = err instanceof ApiError && err.isNetwork ? accessSnapshot.load(user.id) : null;
        if (!snapshot) throw err;
        setProfile(snapshot.profile);
        setPasses(snapshot.passes);
        setOfflineSince(snapshot.at);
      }
    });
  }, [page.run, user]);

  useEffect(() => {
    if (!user) goToLogin();
    else void load();
  }, [user, load]);

  // Shown from the phone's copy: load again as soon as the network is back.
  useEffect(() => (offlineSince ? onNetworkBack(() => void load()) : undefined), [offlineSince, load]);

  const submitCode = useCallback(
    async (code: string) => {
      if (!code.trim()) return;
      setBusy(true);
      page.fail(null);
      let scan: ScanBody = { code: code.trim(), scannedAt: new Date().toISOString() };
      try {
        const position = await locationSoon();
        if (position) {
          scan = {
            ...scan,
            location: {
              lat: position.latitude,
              lng: position.longitude,
              coordSystem: position.coordSystem,
              accuracy: position.accuracy,
            },
          };
        }
        const result = await accessApi.scan(scan);
        setOutcome({ kind: 'decision', result });
        setManualCode('');
      } catch (err) {
        const e = err instanceof ApiError ? err : null;
        if (e?.isNetwork && user) {
          // Kept with the phone's time and sent as 离线补录 once the network is back (exactly once:
          // the key). The guard lets the rider in by hand meanwhile.
          outbox.enqueueScan({ key: newDraftKey(), userId: user.id, scan });
          setOutcome({ kind: 'queued' });
          setManualCode('');
          return;
        }
        setOutcome({
          kind: 'refused',
          message: errorMessage(err, '扫码失败，请重试'),
          nextStep: nextStepFor(e?.code ?? ''),
        });
      } finally {
        setBusy(false);
      }
    },
    [page.fail, user],
  );

  // WeChat's 扫普通链接二维码 opens this page with the scanned URL in `q`.
  useEffect(() => {
    const q = Taro.getCurrentInstance().router?.params?.q;
    if (q && user) void submitCode(decodeURIComponent(q));
  }, [user, submitCode]);

  async function onScan() {
    page.fail(null);
    if (IS_H5 && !hasWechatScanner()) {
      setCamera(true);
      return;
    }
    try {
      await ensurePrivacyAuthorized();
      // Camera only: a code picked from the album could be a photo taken anywhere.
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await submitCode(res.result);
    } catch (err) {
      const msg = String((err as { errMsg?: string })?.errMsg ?? (err as Error)?.message ?? '');
      if (/cancel/i.test(msg)) return;
      page.fail('无法打开相机扫码，请重试');
    }
  }

  if (!user) return <PageShell title={TITLE} />;

  if (outcome) {
    return (
      <AccessResult
        outcome={outcome}
        onClose={() => {
          setOutcome(null);
          void load();
        }}
        onApply={() => {
          setOutcome(null);
          setView('apply');
        }}
      />
    );
  }

  if (profile === undefined) {
    return (
      <PageShell title={TITLE}>
        {page.error ? page.notice(() => void load()) : <Text className="nx-subtitle">加载中…</Text>}
      </PageShell>
    );
  }

  if (profile === null || view === 'register') {
    return (
      <RegisterForm
        initial={profile}
        onSaved={(p) => {
          setProfile(p);
          setView(profile === null ? 'apply' : 'main');
        }}
        onCancel={profile ? () => setView('main') : undefined}
      />
    );
  }

  if (view === 'apply') {
    return (
      <ApplyView
        onDone={(items) => {
          setPasses(items);
          setView('main');
        }}
        onCancel={() => setView('main')}
      />
    );
  }

  return (
    <PageShell title={TITLE} className="nx-access">
      <PrivacyPopup />
      {profile.suspension ? <SuspensionNotice suspension={profile.suspension} audience="rider" /> : null}
      {offlineSince ? (
        <Notice
          tone="info"
          message={`没有网络：下面是 ${formatTime(new Date(offlineSince).toISOString())} 联网时的信息。现在扫码会保存在手机上，联网后自动补录`}
          onRetry={() => void load()}
        />
      ) : null}
      {page.notice()}
      <Button className="nx-access__scan" disabled={busy || undefined} onClick={() => void onScan()}>
        <Text className="nx-access__scan-glyph">扫</Text>
        <Text className="nx-access__scan-label">
          {busy ? '正在核验…' : profile.suspension ? '扫码进门（已暂停）' : '扫码进门'}
        </Text>
      </Button>

      {IS_H5 && camera ? (
        <QrCamera
          what="门岗暖新码"
          onResult={(text) => {
            setCamera(false);
            void submitCode(text);
          }}
          onClose={() => setCamera(false)}
        />
      ) : null}

      {IS_H5 ? (
        <View className="nx-card nx-access__manual">
          <Text className="nx-card__title">输入门岗号</Text>
          <Text className="nx-card__text">不能扫码时：输入门岗暖新码下方印的 8 位门岗号</Text>
          <Input
            className="nx-access__manual-input"
            value={manualCode}
            maxlength={512}
            type="text"
            placeholder="如 1234 5678"
            onInput={(e) => setManualCode(e.detail.value)}
          />
          <Button
            className="nx-button nx-button--primary nx-access__manual-submit"
            disabled={busy || undefined}
            onClick={() => void submitCode(manualCode)}
          >
            提交
          </Button>
        </View>
      ) : null}

      <Button
        className="nx-button nx-button--secondary nx-access__show-code"
        onClick={() => void Taro.navigateTo({ url: ROUTES.accessCode })}
      >
        出示我的码（人工门岗）
      </Button>

      <OutboxList items={scansKept} title="离线扫码（联网后补录）" />

      <View className="nx-card nx-access__passes">
        <Text className="nx-card__title">我的通行证</Text>
        {passes.length === 0 ? <Text className="nx-card__text">还没有通行证，申请后即可扫码进门</Text> : null}
        {passes.map((p) => (
          <View key={p.id} className={`nx-pass nx-pass--${p.status}`}>
            <Text className="nx-pass__name">{p.communityName}</Text>
            <Text className={`nx-pass__status nx-pass__status--${p.status}`}>{PASS_STATUS_LABELS[p.status]}</Text>
            {p.reason ? <Text className="nx-pass__reason">原因：{p.reason}</Text> : null}
          </View>
        ))}
        <Button className="nx-button nx-button--primary nx-access__apply" onClick={() => setView('apply')}>
          申请通行证
        </Button>
      </View>

      <View className="nx-card nx-access__profile">
        <Text className="nx-card__title">我的登记信息</Text>
        <Text className="nx-card__text">
          {profile.realName} · {PLATFORM_LABELS[profile.platform]} · {profile.stationName}
        </Text>
        <Text className="nx-card__text">
          手机 {profile.phoneMasked} · 身份证 {profile.idMasked.slice(-8)}
        </Text>
        <Button className="nx-button nx-button--secondary nx-access__edit" onClick={() => setView('register')}>
          修改信息
        </Button>
      </View>
    </PageShell>
  );
}

function Chips<T extends string>(props: {
  name: string;
  values: readonly T[];
  labels: Record<T, string>;
  value: T | null;
  onChange: (v: T) => void;
}) {
  return (
    <View className="nx-chips">
      {props.values.map((v) => (
        <View
          key={v}
          className={`nx-chip nx-chip--${props.name}-${v}${props.value === v ? ' nx-chip--selected' : ''}`}
          onClick={() => props.onChange(v)}
        >
          <Text>{props.labels[v]}</Text>
        </View>
      ))}
    </View>
  );
}

/** The required fields of the registration, in the form's order (named as the server names them). */
const REQUIRED_FIELDS = ['realName', 'phone', 'idNumber', 'platform', 'stationName', 'vehicleKind'] as const;

/**
 * The one-time registration; the ID number is sent once and never shown back in full. An edit
 * keeps what is stored: the phone shows masked with 修改 and is sent only when changed.
 */
function RegisterForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: RiderProfile | null;
  onSaved: (p: RiderProfile) => void;
  onCancel?: () => void;
}) {
  const [realName, setRealName] = useState(initial?.realName ?? '');
  const [phone, setPhone] = useState('');
  // Editing: the stored phone stays unless the rider taps 修改 and types a new one.
  const [changePhone, setChangePhone] = useState(initial === null);
  const [idNumber, setIdNumber] = useState('');
  const [platform, setPlatform] = useState<Platform | null>(initial?.platform ?? null);
  const [stationName, setStationName] = useState(initial?.stationName ?? '');
  const [vehicleKind, setVehicleKind] = useState<VehicleKind | null>(initial?.vehicleKind ?? 'e_bike');
  const [plate, setPlate] = useState(initial?.plate ?? '');
  const saving = useAction({ fallback: '保存失败，请重试' });
  const busy = saving.running;

  /** Every required field still empty, named in Chinese (all at once, not the first only). */
  function missingFields(): string[] {
    const empty: Record<(typeof REQUIRED_FIELDS)[number], boolean> = {
      realName: !realName.trim(),
      phone: changePhone && !phone.trim(),
      idNumber: initial === null && !idNumber.trim(),
      platform: !platform,
      stationName: !stationName.trim(),
      vehicleKind: !vehicleKind,
    };
    return REQUIRED_FIELDS.filter((f) => empty[f]).map((f) => FIELD_LABELS[f]);
  }

  async function submit() {
    const missing = missingFields();
    if (missing.length > 0 || !platform || !vehicleKind) {
      saving.fail(`请填写：${missing.join('、')}`);
      return;
    }
    await saving.run(async () => {
      const body: ProfileBody = {
        realName,
        ...(changePhone ? { phone: phone.trim() } : {}),
        platform,
        stationName,
        vehicleKind,
        plate: plate.trim() || null,
        ...(idNumber.trim() ? { idNumber: idNumber.trim() } : {}),
      };
      onSaved(await accessApi.saveProfile(body));
    });
  }

  const field = (
    label: string,
    cls: string,
    value: string,
    set: (v: string) => void,
    opts: { placeholder?: string; max: number; type?: 'text' | 'number' | 'idcard' },
  ) => (
    <View className="nx-form__field">
      <Text className="nx-form__label">{label}</Text>
      <Input
        className={`nx-form__input nx-form__input--${cls}`}
        value={value}
        type={opts.type ?? 'text'}
        maxlength={opts.max}
        placeholder={opts.placeholder ?? ''}
        onInput={(e) => set(e.detail.value)}
      />
    </View>
  );

  return (
    <PageShell title={TITLE} className="nx-register">
      <Text className="nx-title">{initial ? '修改登记信息' : '登记一次，以后扫码进门'}</Text>
      <Text className="nx-subtitle">身份证号只用于核验身份，仅保存后四位；手机号只显示给审核的物业（打码）。</Text>
      {field('真实姓名', 'realName', realName, setRealName, { max: 20 })}
      {changePhone || !initial ? (
        field('手机号', 'phone', phone, setPhone, { max: 11, type: 'number', placeholder: '11 位手机号' })
      ) : (
        <View className="nx-form__field nx-register__phone">
          <Text className="nx-form__label">手机号</Text>
          <View className="nx-register__phone-row">
            <Text className="nx-register__phone-masked">{initial.phoneMasked}</Text>
            <Button
              className="nx-button nx-button--secondary nx-register__phone-change"
              onClick={() => setChangePhone(true)}
            >
              修改
            </Button>
          </View>
        </View>
      )}
      {field('身份证号', 'idNumber', idNumber, setIdNumber, {
        max: 18,
        type: 'idcard',
        placeholder: initial ? '不修改请留空' : '18 位身份证号',
      })}
      <Text className="nx-form__label">配送平台</Text>
      <Chips name="platform" values={PLATFORMS} labels={PLATFORM_LABELS} value={platform} onChange={setPlatform} />
      {field('配送站点', 'station', stationName, setStationName, { max: 40, placeholder: '如：美团金台路站' })}
      <Text className="nx-form__label">交通工具</Text>
      <Chips
        name="vehicle"
        values={VEHICLE_KINDS}
        labels={VEHICLE_LABELS}
        value={vehicleKind}
        onChange={setVehicleKind}
      />
      {field('车牌号（可不填）', 'plate', plate, setPlate, { max: 12 })}
      {saving.notice()}
      <Button
        className="nx-button nx-button--primary nx-register__submit"
        disabled={busy || undefined}
        onClick={() => void submit()}
      >
        {busy ? '提交中…' : '提交登记'}
      </Button>
      {onCancel ? (
        <Button className="nx-button nx-button--secondary" onClick={onCancel}>
          取消
        </Button>
      ) : null}
    </PageShell>
  );
}

/** Apply to one or many compounds at once (those with an agreement for the rider's platform). */
function ApplyView({ onDone, onCancel }: { onDone: (items: Pass[]) => void; onCancel: () => void }) {
  const [items, setItems] = useState<OpenCommunity[] | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const task = useAction({ fallback: '加载失败，请重试' });
  const busy = task.running;

  useEffect(() => {
    void task.run(async () => setItems((await accessApi.openCommunities()).items));
  }, []);

  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  async function submit() {
    // Asked first, in the tap itself: WeChat allows the request only from a user's tap.
    const subscriptions = await askPassSubscriptions();
    await task.run(async () => {
      await accessApi.apply(selected, subscriptions);
      onDone((await accessApi.passes()).items);
    }, '申请失败，请重试');
  }

  return (
    <PageShell title={TITLE} className="nx-apply">
      <Text className="nx-title">申请通行证</Text>
      <Text className="nx-subtitle">可以一次选择多个小区。标“自动通过”的小区提交后立即生效。</Text>
      {items === null && !task.error ? <Text className="nx-subtitle">加载中…</Text> : null}
      {items?.length === 0 ? <Notice tone="info" message="暂时没有向你的平台开放的小区" /> : null}
      {items?.map((c) => {
        const held = c.passStatus === 'approved' || c.passStatus === 'pending';
        return (
          <View
            key={c.id}
            className={`nx-apply__item${selected.includes(c.id) ? ' nx-apply__item--selected' : ''}${held ? ' nx-apply__item--held' : ''}`}
            onClick={() => (held ? undefined : toggle(c.id))}
          >
            <Text className="nx-apply__name">{c.name}</Text>
            <Text className="nx-apply__meta">
              {held ? PASS_STATUS_LABELS[c.passStatus!] : c.approval === 'auto' ? '自动通过' : '物业审核'}
              {c.address ? ` · ${c.address}` : ''}
            </Text>
          </View>
        );
      })}
      {task.notice()}
      <Button
        className="nx-button nx-button--primary nx-apply__submit"
        disabled={busy || selected.length === 0 || undefined}
        onClick={() => void submit()}
      >
        提交申请{selected.length > 0 ? `（${selected.length}）` : ''}
      </Button>
      <Button className="nx-button nx-button--secondary" onClick={onCancel}>
        返回
      </Button>
    </PageShell>
  );
}
