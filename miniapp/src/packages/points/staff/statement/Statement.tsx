import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { RedemptionsByDay } from '@nuanxin/shared/points/schemas';
import { Notice } from '../../../../components/Notice';
import { useAction } from '../../../../components/useAction';
import { IS_WEAPP } from '../../../../env';
import { api } from '../../../../services/api';
import { downloadAuthenticated } from '../../../../services/download';
import { merchantApi } from '../../../../services/points';
import './statement.css';

/** "2026-12" ± n months. */
function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`;
const dayLabel = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日`;
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/**
 * weapp: openDocument cannot show a CSV, so the statement is downloaded with the token and handed
 * to WeChat's "send file" (to 文件传输助手 or the street's contact), from where it opens on a PC.
 */
async function shareStatementWeapp(path: string, fileName: string): Promise<void> {
  const token = api.accessToken();
  const res = await Taro.downloadFile({
    url: `${api.baseUrl}${path}`,
    header: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (res.statusCode !== 200) throw new Error('导出失败，请重试');
  await Taro.shareFileMessage({ filePath: res.tempFilePath, fileName }).catch((err: { errMsg?: string }) => {
    if (!(err.errMsg ?? '').includes('cancel')) throw new Error('无法发送文件，请更新微信后重试');
  });
}

/**
 * A shop's confirmed vouchers: today and the chosen month, a line per day, and the month's
 * statement as CSV (what the street pays the shop back). The merchant's own shop, or — for street
 * and district staff — the shop named by `merchantId`. `refreshKey` reloads it (after a confirm).
 */
export function Statement(props: { merchantId?: string; refreshKey?: number }) {
  const { merchantId, refreshKey = 0 } = props;
  // The server's month is the current Beijing month; until it answers, ask for the default.
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [current, setCurrent] = useState<string | null>(null);
  const [data, setData] = useState<RedemptionsByDay | null>(null);
  const load = useAction({ fallback: '对账数据加载失败，请稍后再试' });
  const exporting = useAction({ fallback: '导出失败，请稍后再试', anyError: true });

  const reload = useCallback(async () => {
    await load.run(async () => {
      const res = await merchantApi.byDay(month, merchantId);
      setData(res);
      if (month === undefined) setCurrent(res.month);
    });
  }, [month, merchantId, load.run]);

  useEffect(() => {
    void reload();
  }, [reload, refreshKey]);

  const shown = data?.month ?? month ?? '';
  const isCurrent = current != null && shown === current;

  async function onExport() {
    if (!shown || exporting.running) return;
    const path = merchantApi.statementPath(shown, merchantId);
    const fileName = `对账单-${data?.merchantName ?? ''}-${shown}.csv`;
    await exporting.run(() =>
      IS_WEAPP ? shareStatementWeapp(path, fileName) : downloadAuthenticated(path, fileName, 'file'),
    );
  }

  return (
    <View className="nx-statement">
      {load.notice(() => void reload())}
      {data ? (
        <View className="nx-card nx-merchant__stats">
          <Text className="nx-card__title nx-statement__shop">{data.merchantName}</Text>
          <View className="nx-statement__months">
            <Button className="nx-statement__step nx-statement__prev" onClick={() => setMonth(shiftMonth(shown, -1))}>
              ‹ 上月
            </Button>
            <Text className="nx-statement__month">{monthLabel(shown)}</Text>
            <Button
              className="nx-statement__step nx-statement__next"
              disabled={isCurrent || undefined}
              onClick={() => !isCurrent && setMonth(shiftMonth(shown, 1))}
            >
              下月 ›
            </Button>
          </View>
          <View className="nx-merchant__tally">
            <View className="nx-merchant__tally-item nx-statement__today">
              <Text className="nx-merchant__tally-value">{data.today.count}</Text>
              <Text className="nx-merchant__tally-label">今日核销</Text>
            </View>
            <View className="nx-merchant__tally-item nx-statement__count">
              <Text className="nx-merchant__tally-value">{data.total.count}</Text>
              <Text className="nx-merchant__tally-label">
                {isCurrent ? '本月核销' : `${Number(shown.slice(5))}月核销`}
              </Text>
            </View>
            <View className="nx-merchant__tally-item nx-statement__points">
              <Text className="nx-merchant__tally-value">{data.total.points}</Text>
              <Text className="nx-merchant__tally-label">{isCurrent ? '本月积分' : '当月积分'}</Text>
            </View>
          </View>
          <View className="nx-statement__owed">
            <Text className="nx-statement__owed-label">街道应付</Text>
            {data.total.count > 0 && data.total.unpriced === data.total.count ? (
              <Text className="nx-statement__owed-value nx-statement__owed-value--none">待街道设定</Text>
            ) : (
              <Text className="nx-statement__owed-value">{yuan(data.total.settlementFen)}</Text>
            )}
          </View>
          {data.total.unpriced > 0 ? (
            <Text className="nx-card__text nx-statement__unpriced">
              其中 {data.total.unpriced} 笔的奖励未定结算金额，未计入应付（由街道设定）
            </Text>
          ) : null}
          <Button
            className="nx-button nx-button--secondary nx-statement__export"
            loading={exporting.running}
            disabled={exporting.running || undefined}
            onClick={() => void onExport()}
          >
            导出对账单
          </Button>
          {exporting.notice()}
          {data.days.length === 0 ? (
            <Notice tone="info" message={`${monthLabel(shown)}还没有核销`} />
          ) : (
            data.days.map((d) => (
              <View key={d.period} className="nx-statement__day">
                <View className="nx-statement__day-head">
                  <Text className="nx-statement__day-date">{dayLabel(d.period)}</Text>
                  <Text className="nx-statement__day-figures">
                    {d.count} 笔 · {d.points} 分{d.settlementFen > 0 ? ` · ${yuan(d.settlementFen)}` : ''}
                  </Text>
                </View>
                <Text className="nx-statement__day-rewards">
                  {d.rewards.map((r) => `${r.title} × ${r.count}`).join('，')}
                </Text>
              </View>
            ))
          )}
        </View>
      ) : null}
    </View>
  );
}
