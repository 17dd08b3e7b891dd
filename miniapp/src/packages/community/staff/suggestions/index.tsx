import { useDidShow } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { StaffSuggestion } from '@nuanxin/shared/suggestions/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { useWrite } from '../../../../components/useAction/use-write';
import { suggestionsApi } from '../../../../services/suggestions';
import { SuggestionCard } from '../../suggestions/card';
import '../../tasks/community-tasks.css';

/** One suggestion's reply box and decision buttons (已收到 / 已采纳 / 未采纳 with a reason). */
function Handle(props: { s: StaffSuggestion; write: ReturnType<typeof useWrite> }) {
  const { s, write } = props;
  const [reply, setReply] = useState('');
  const [reason, setReason] = useState('');
  const decided = s.status === 'adopted' || s.status === 'not_adopted';
  return (
    <View className="nx-sugg-handle">
      <Text className="nx-ctask__meta">提出人：{s.riderName}</Text>
      <Input
        className="nx-ctask__input nx-sugg-handle__reply"
        value={reply}
        maxlength={500}
        placeholder="回复骑手"
        onInput={(e) => setReply(e.detail.value)}
      />
      <Button
        className="nx-button nx-button--secondary nx-sugg-handle__send"
        disabled={write.busy || undefined}
        onClick={() => {
          if (!reply.trim()) return write.setError('请填写回复内容');
          void write.run(() => suggestionsApi.reply(s.id, reply.trim()), '已回复').then((ok) => ok && setReply(''));
        }}
      >
        回复
      </Button>
      {decided ? null : (
        <>
          <View className="nx-ctask__row">
            {s.status === 'submitted' ? (
              <Button
                className="nx-button nx-button--secondary nx-sugg-handle__received"
                disabled={write.busy || undefined}
                onClick={() =>
                  void write.run(() => suggestionsApi.decide(s.id, { status: 'received' }), '已标记为已收到')
                }
              >
                已收到
              </Button>
            ) : null}
            <Button
              className="nx-button nx-button--primary nx-sugg-handle__adopt"
              disabled={write.busy || undefined}
              onClick={() =>
                void write.run(() => suggestionsApi.decide(s.id, { status: 'adopted' }), '已采纳，积分已发放')
              }
            >
              采纳
            </Button>
          </View>
          <Input
            className="nx-ctask__input nx-sugg-handle__reason"
            value={reason}
            maxlength={300}
            placeholder="未采纳原因"
            onInput={(e) => setReason(e.detail.value)}
          />
          <Button
            className="nx-button nx-button--danger nx-sugg-handle__reject"
            disabled={write.busy || undefined}
            onClick={() => {
              if (!reason.trim()) return write.setError('未采纳时请填写原因');
              void write.run(
                () => suggestionsApi.decide(s.id, { status: 'not_adopted', reason: reason.trim() }),
                '已标记为未采纳',
              );
            }}
          >
            未采纳
          </Button>
        </>
      )}
    </View>
  );
}

/** 骑思妙想收件箱: the suggestions the staff member's scope receives; reply and decide. */
export default function StaffSuggestionsPage() {
  const [items, setItems] = useState<StaffSuggestion[] | null>(null);
  const loading = useAction();
  const load = () => loading.run(async () => setItems((await suggestionsApi.inbox()).items));
  const write = useWrite(load);
  useDidShow(() => void load());
  return (
    <PageShell title="骑思妙想收件箱" className="nx-staff-suggestions">
      {loading.notice(() => void load())}
      {write.done ? <Text className="nx-ctask__ok">{write.done}</Text> : null}
      {write.notice()}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有收到建议。</Text> : null}
      {(items ?? []).map((s) => (
        <SuggestionCard key={s.id} s={s}>
          <Handle s={s} write={write} />
        </SuggestionCard>
      ))}
    </PageShell>
  );
}
