import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { ReviewItem } from '@nuanxin/shared/access/schemas';
import { PLATFORM_LABELS, VEHICLE_LABELS } from '@nuanxin/shared/access/constants';
import { Notice } from '../../../../components/Notice';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { SuspensionNotice } from '../../components/SuspensionNotice';
import { accessApi } from '../../../../services/access';
import '../../../../styles/staff.css';
import './index.css';

type Tab = 'pending' | 'approved';

/** Review queue: masked phone and ID, approve one or many, reject or revoke with a reason. */
export default function StaffReviewPage() {
  const [tab, setTab] = useState<Tab>('pending');
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [reasonFor, setReasonFor] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction();
  /** What the last write did, in words (approving is otherwise silent: the card just goes). */
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    await action.run(async () => {
      setItems((await accessApi.review(tab)).items);
      setSelected([]);
    }, '加载失败，请重试');
  }, [tab, action.run]);

  useEffect(() => {
    void load();
  }, [load]);

  async function act(write: () => Promise<string>) {
    setDone(null);
    let said = '';
    const ok = await action.run(async () => {
      said = await write();
      setReasonFor(null);
      setReason('');
    });
    if (!ok) return;
    setDone(said);
    void Taro.showToast({ title: said.length <= 7 ? said : '已完成', icon: 'success' });
    await load();
  }

  const who = (i: ReviewItem) => `${i.rider.realName}（${i.communityName}）`;

  async function approve(list: ReviewItem[]) {
    await act(async () => {
      const { approved } = await accessApi.approve(list.map((i) => i.id));
      const named = list.filter((i) => approved.includes(i.id));
      if (named.length === 0) return '没有需要批准的申请（可能已被处理）';
      return named.length === 1 ? `已批准 ${who(named[0]!)}` : `已批准 ${named.length} 份申请`;
    });
  }

  /** Approving many at once asks first: it cannot be undone in one tap. */
  async function approveMany(list: ReviewItem[], all: boolean) {
    const names = list.slice(0, 5).map((i) => i.rider.realName);
    const res = await Taro.showModal({
      title: all ? `全部批准（${list.length}）？` : `批准所选（${list.length}）？`,
      content: `将批准 ${names.join('、')}${list.length > names.length ? ` 等 ${list.length} 人` : ''} 的申请，批准后即可扫码进入对应小区。`,
      confirmText: '批准',
      cancelText: '取消',
    });
    if (res.confirm) await approve(list);
  }
  const busy = action.running;

  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  return (
    <PageShell title="骑手申请审核" className="nx-review">
      <View className="nx-tabs">
        {(['pending', 'approved'] as const).map((t) => (
          <View
            key={t}
            className={`nx-tabs__tab nx-tabs__tab--${t}${tab === t ? ' nx-tabs__tab--active' : ''}`}
            onClick={() => setTab(t)}
          >
            <Text>{t === 'pending' ? '待审核' : '已通过'}</Text>
          </View>
        ))}
      </View>
      {action.notice(() => void load())}
      {done ? (
        <View className="nx-review__done">
          <Notice tone="info" message={done} />
        </View>
      ) : null}
      {items?.length === 0 ? (
        <Notice tone="info" message={tab === 'pending' ? '没有待审核的申请' : '还没有已通过的通行证'} />
      ) : null}
      {tab === 'pending' && items && items.length > 0 ? (
        <Button
          className="nx-button nx-button--primary nx-review__bulk"
          disabled={busy || undefined}
          onClick={() =>
            void (selected.length
              ? approveMany(
                  items.filter((i) => selected.includes(i.id)),
                  false,
                )
              : approveMany(items, true))
          }
        >
          {selected.length ? `批准所选（${selected.length}）` : `全部批准（${items.length}）`}
        </Button>
      ) : null}
      {items?.map((i) => (
        <View
          key={i.id}
          className={`nx-card nx-review__item${selected.includes(i.id) ? ' nx-review__item--selected' : ''}`}
          data-pass={i.id}
        >
          <View className="nx-review__head" onClick={() => (tab === 'pending' ? toggle(i.id) : undefined)}>
            <Text className="nx-review__name">{i.rider.realName}</Text>
            <Text className="nx-review__community">{i.communityName}</Text>
          </View>
          <Text className="nx-card__text">
            {PLATFORM_LABELS[i.rider.platform]} · {i.rider.stationName} · {VEHICLE_LABELS[i.rider.vehicleKind]}
            {i.rider.plate ? ` · ${i.rider.plate}` : ''}
          </Text>
          <Text className="nx-card__text">
            手机 {i.rider.phoneMasked} · 身份证 {i.rider.idMasked}
          </Text>
          {/* Approving still works; the rider cannot enter anywhere until the suspension is lifted. */}
          {i.rider.suspension ? <SuspensionNotice suspension={i.rider.suspension} audience="staff" /> : null}
          {reasonFor === i.id ? (
            <View>
              <Input
                className="nx-form__input nx-review__reason"
                value={reason}
                maxlength={200}
                placeholder="请填写原因（骑手可见）"
                onInput={(e) => setReason(e.detail.value)}
              />
              <Button
                className="nx-button nx-button--danger nx-review__confirm"
                disabled={busy || !reason.trim() || undefined}
                onClick={() =>
                  void act(async () => {
                    if (tab === 'pending') {
                      await accessApi.reject(i.id, reason);
                      return `已驳回 ${who(i)}`;
                    }
                    await accessApi.revoke(i.id, reason);
                    return `已撤销 ${who(i)} 的通行证`;
                  })
                }
              >
                {tab === 'pending' ? '确认驳回' : '确认撤销（立即生效）'}
              </Button>
            </View>
          ) : (
            <View className="nx-review__actions">
              {tab === 'pending' ? (
                <Button
                  className="nx-button nx-button--primary nx-review__approve"
                  disabled={busy || undefined}
                  onClick={() => void approve([i])}
                >
                  批准
                </Button>
              ) : null}
              <Button className="nx-button nx-button--danger nx-review__reject" onClick={() => setReasonFor(i.id)}>
                {tab === 'pending' ? '驳回' : '撤销通行证'}
              </Button>
            </View>
          )}
        </View>
      ))}
    </PageShell>
  );
}
