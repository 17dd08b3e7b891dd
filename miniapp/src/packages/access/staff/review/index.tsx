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

type Tab = 'pending' | 'approved';

/** Review queue: masked phone and ID, approve one or many, reject or revoke with a reason. */
export default function StaffReviewPage() {
  const [tab, setTab] = useState<Tab>('pending');
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [reasonFor, setReasonFor] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction();

  const load = useCallback(async () => {
    await action.run(async () => {
      setItems((await accessApi.review(tab)).items);
      setSelected([]);
    }, '加载失败，请重试');
  }, [tab, action.run]);

  useEffect(() => {
    void load();
  }, [load]);

  async function act(write: () => Promise<unknown>) {
    const ok = await action.run(async () => {
      await write();
      setReasonFor(null);
      setReason('');
    });
    if (ok) await load();
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
      {items?.length === 0 ? (
        <Notice tone="info" message={tab === 'pending' ? '没有待审核的申请' : '还没有已通过的通行证'} />
      ) : null}
      {tab === 'pending' && items && items.length > 0 ? (
        <Button
          className="nx-button nx-button--primary nx-review__bulk"
          disabled={busy || undefined}
          onClick={() => void act(() => accessApi.approve(selected.length ? selected : items.map((i) => i.id)))}
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
                  void act(() => (tab === 'pending' ? accessApi.reject(i.id, reason) : accessApi.revoke(i.id, reason)))
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
                  onClick={() => void act(() => accessApi.approve([i.id]))}
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
