import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { AccessEvent, RiderCheckResult } from '@nuanxin/shared/access/schemas';
import { PLATFORM_LABELS, STAFF_DENY_MESSAGES, VEHICLE_LABELS } from '@nuanxin/shared/access/constants';
import { ERROR_MESSAGES } from '@nuanxin/shared/common/errors';
import { Notice } from '../../../../components/Notice';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { PrivacyPopup } from '../../../../components/PrivacyPopup';
import { hasWechatScanner, QrCamera } from '../../../../components/QrCamera';
import { IS_H5 } from '../../../../env';
import { accessApi } from '../../../../services/access';
import { ensurePrivacyAuthorized } from '../../../../services/privacy';
import { goToLogin, useSession } from '../../../../services/session';
import '../../../../styles/staff.css';
import './index.css';

interface GateChoice {
  id: string;
  name: string;
}

/** The gate chosen last on this phone, per account: a guard stands at the same gate all shift. */
const storageKey = (userId: string) => `nx.checkGate.${userId}`;

/** Today in Beijing time, whatever the phone's zone: the log is read as local days. */
const todayStart = () => {
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return new Date(`${day}T00:00:00+08:00`).toISOString();
};

const clock = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}`;
};

function reasonLabel(reason: string): string {
  return (
    (STAFF_DENY_MESSAGES as Record<string, string>)[reason] ??
    (ERROR_MESSAGES as Record<string, string>)[reason] ??
    reason
  );
}

/**
 * The guard scans the rider's rotating code and sees masked details and the decision, at the gate
 * it stands at (a gate guard's own gates; any gate of a community admin's communities), and
 * today's entries there.
 */
export default function StaffCheckPage() {
  const { user } = useSession();
  const [result, setResult] = useState<RiderCheckResult | null>(null);
  const checking = useAction({ fallback: '查验失败，请重试' });
  const gatesLoad = useAction({ fallback: '门岗加载失败，请重试' });
  const [manual, setManual] = useState('');
  const [choices, setChoices] = useState<GateChoice[] | null>(null);
  // A community admin of one community may check without naming a gate (as before).
  const [mustChoose, setMustChoose] = useState(true);
  const [gateId, setGateId] = useState<string | null>(null);
  const [today, setToday] = useState<AccessEvent[]>([]);
  const [camera, setCamera] = useState(false);

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  const loadChoices = useCallback(async () => {
    if (!user) return;
    await gatesLoad.run(async () => {
      let list: GateChoice[] = [];
      let required = true;
      if (user.role === 'gate_guard') {
        // A session saved before gates were part of /me has none: treat as empty until it reloads.
        list = user.scope.gates ?? [];
      } else {
        const { items: communities } = await accessApi.communities();
        const many = communities.length > 1;
        required = many;
        for (const c of communities) {
          const { items } = await accessApi.gates(c.id);
          list.push(...items.map((g) => ({ id: g.id, name: many ? `${c.name} · ${g.name}` : g.name })));
        }
      }
      setChoices(list);
      setMustChoose(required);
      const stored = String(Taro.getStorageSync(storageKey(user.id)) ?? '');
      const keep = list.find((g) => g.id === stored) ?? (list.length === 1 ? list[0] : undefined);
      setGateId(keep?.id ?? null);
    });
  }, [user, gatesLoad.run]);

  useEffect(() => {
    void loadChoices();
  }, [loadChoices]);

  const loadToday = useCallback(async () => {
    if (choices === null || (mustChoose && !gateId)) return;
    try {
      const page = await accessApi.events({ ...(gateId ? { gateId } : {}), from: todayStart() });
      setToday(page.items);
    } catch {
      setToday([]);
    }
  }, [choices, mustChoose, gateId]);

  useEffect(() => {
    void loadToday();
  }, [loadToday]);

  function choose(id: string) {
    setGateId(id);
    setResult(null);
    if (user) Taro.setStorageSync(storageKey(user.id), id);
  }

  const ready = choices !== null && (!mustChoose || gateId !== null);

  async function check(code: string) {
    if (!ready) {
      checking.fail('请先选择所在门岗');
      return;
    }
    setResult(null);
    await checking.run(async () => setResult(await accessApi.checkRider(code.trim(), gateId ?? undefined)));
    void loadToday();
  }

  async function scan() {
    if (!ready) {
      checking.fail('请先选择所在门岗');
      return;
    }
    if (IS_H5 && !hasWechatScanner()) {
      setCamera(true);
      return;
    }
    try {
      await ensurePrivacyAuthorized();
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await check(res.result);
    } catch (err) {
      if (!/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) checking.fail('无法打开相机，请重试');
    }
  }

  const chosen = choices?.find((g) => g.id === gateId);

  return (
    <PageShell title="查验骑手码" className="nx-check">
      <PrivacyPopup />
      {gatesLoad.notice(() => void loadChoices())}
      {choices !== null ? (
        <View className="nx-card nx-check__gate">
          <Text className="nx-card__title">所在门岗：{chosen ? chosen.name : mustChoose ? '请选择' : '未指定'}</Text>
          {choices.length > 1 || (!chosen && choices.length > 0) ? (
            <View className="nx-chips nx-check__gates">
              {choices.map((g) => (
                <View
                  key={g.id}
                  className={`nx-chip nx-check__gate-choice${g.id === gateId ? ' nx-chip--selected' : ''}`}
                  onClick={() => choose(g.id)}
                >
                  <Text>{g.name}</Text>
                </View>
              ))}
            </View>
          ) : null}
          {choices.length === 0 && mustChoose ? (
            <Notice tone="info" message="还没有可值守的门岗，请联系社区管理员" />
          ) : null}
        </View>
      ) : null}
      {result ? (
        <View className={`nx-check__result nx-check__result--${result.granted ? 'granted' : 'denied'}`}>
          <Text className="nx-check__title">{result.granted ? '已准入' : '未准入'}</Text>
          <Text className="nx-card__text" style={{ color: '#fff' }}>
            {result.community.name} · {result.message}
          </Text>
          <Text className="nx-card__text" style={{ color: '#fff' }}>
            {result.rider.nameMasked} · {PLATFORM_LABELS[result.rider.platform]} · {result.rider.stationName}
          </Text>
          <Text className="nx-card__text" style={{ color: '#fff' }}>
            {VEHICLE_LABELS[result.rider.vehicleKind]} {result.rider.plateMasked ?? ''} · {result.rider.phoneMasked}
          </Text>
        </View>
      ) : null}
      {checking.notice()}
      <Button
        className="nx-button nx-button--primary nx-check__scan"
        disabled={!ready || undefined}
        onClick={() => void scan()}
      >
        扫骑手码
      </Button>
      {IS_H5 && camera ? (
        <QrCamera
          what="骑手码"
          onResult={(text) => {
            setCamera(false);
            void check(text);
          }}
          onClose={() => setCamera(false)}
        />
      ) : null}
      {IS_H5 ? (
        <View className="nx-card">
          <Input
            className="nx-form__input nx-check__manual"
            value={manual}
            maxlength={512}
            placeholder="粘贴骑手码"
            onInput={(e) => setManual(e.detail.value)}
          />
          <Button
            className="nx-button nx-button--secondary nx-check__submit"
            disabled={!ready || undefined}
            onClick={() => void check(manual)}
          >
            查验
          </Button>
        </View>
      ) : null}
      {ready ? (
        <View className="nx-card nx-check__today">
          <Text className="nx-card__title">今日进出{chosen ? `（${chosen.name}）` : ''}</Text>
          {today.length === 0 ? <Text className="nx-card__text">今天还没有记录</Text> : null}
          {today.map((e) => (
            <View key={e.id} className="nx-event">
              <Text className="nx-event__line">
                <Text className={`nx-event__result--${e.granted ? 'granted' : 'denied'}`}>
                  {e.granted ? '准入' : '拒绝'}
                </Text>{' '}
                {clock(e.createdAt)} · {e.riderName ?? '未登记骑手'}
                {e.platform ? ` · ${PLATFORM_LABELS[e.platform]}` : ''}
                {e.granted ? '' : ` · ${reasonLabel(e.reason)}`}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </PageShell>
  );
}
