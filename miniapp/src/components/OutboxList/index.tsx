import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { outbox, OUTBOX_STATE_LABELS, type OutboxItem } from '../../services/offline';
import { reportDetailUrl } from '../../routes';
import { formatTime } from '../../utils/format';
import './index.css';

const clock = (ms: number) => formatTime(new Date(ms).toISOString());

function stateNote(item: OutboxItem): string | null {
  if (item.state === 'pending') {
    if (!item.error || item.error.code.startsWith('NETWORK'))
      return item.kind === 'scan'
        ? '没有网络，网络恢复后自动补录这次扫码'
        : '没有网络，网络恢复后自动发送，不用重新拍摄';
    return `上次没有发出：${item.error.message}。稍后自动重试`;
  }
  if (item.state === 'failed') return item.error?.message ?? '发送失败';
  if (item.kind === 'scan' && item.decision)
    return `已补录（${item.decision.place}）：${item.decision.granted ? '当时已准入' : item.decision.message}`;
  return null;
}

const DELETE_PROMPT = {
  report: { title: '删除这条上报？', content: '照片和内容会从手机上删除，不会再发送。' },
  scan: { title: '删除这次扫码记录？', content: '这次扫码不会再补录到小区的通行记录里。' },
} as const;

/**
 * The rider's queued reports or gate scans with their state: 待发送 / 发送中 / 已发送 / 发送失败,
 * 重试 and 删除.
 */
export function OutboxList({ items, title = '离线上报' }: { items: OutboxItem[]; title?: string }) {
  if (items.length === 0) return null;
  return (
    <View className="nx-card nx-outbox">
      <Text className="nx-card__title">{title}</Text>
      {items.map((item) => {
        const note = stateNote(item);
        return (
          <View key={item.key} className={`nx-outbox__item nx-outbox__item--${item.state}`}>
            <View className="nx-outbox__row">
              <Text className="nx-outbox__title">{item.title}</Text>
              <Text className={`nx-outbox__state nx-outbox__state--${item.state}`}>
                {OUTBOX_STATE_LABELS[item.state]}
              </Text>
            </View>
            <Text className="nx-outbox__time">
              {item.kind === 'scan' ? '扫码于' : '拍摄于'} {clock(item.createdAt)}
              {item.sentAt ? ` · 发送于 ${clock(item.sentAt)}` : ''}
            </Text>
            {note ? <Text className="nx-outbox__note">{note}</Text> : null}
            <View className="nx-outbox__actions">
              {item.state === 'pending' || item.state === 'failed' ? (
                <Button className="nx-outbox__action nx-outbox__retry" onClick={() => void outbox.send(item.key)}>
                  重试
                </Button>
              ) : null}
              {item.state === 'sent' && item.kind === 'report' && item.reportId ? (
                <Button
                  className="nx-outbox__action nx-outbox__open"
                  onClick={() => void Taro.navigateTo({ url: reportDetailUrl(item.reportId!) })}
                >
                  查看进度
                </Button>
              ) : null}
              {item.state !== 'sending' ? (
                <Button
                  className="nx-outbox__action nx-outbox__delete"
                  onClick={() => {
                    if (item.state === 'sent') return void outbox.remove(item.key);
                    void Taro.showModal({ ...DELETE_PROMPT[item.kind], confirmText: '删除' }).then((r) => {
                      if (r.confirm) void outbox.remove(item.key);
                    });
                  }}
                >
                  {item.state === 'sent' ? '移除' : '删除'}
                </Button>
              ) : null}
            </View>
          </View>
        );
      })}
    </View>
  );
}
