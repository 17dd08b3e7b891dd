import { useDidShow } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { CALENDAR_DAY_KIND_LABELS, CALENDAR_NAME_MAX, type CalendarDayKind } from '@nuanxin/shared/calendar/constants';
import type { CalendarYear } from '@nuanxin/shared/calendar/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { calendarApi } from '../../../../services/legal';
import '../../styles/legal.css';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const weekday = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
const thisYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

/**
 * 节假日与调休 (district admin): the days off and make-up working days the working-day deadlines
 * (法律援助 受理 in 2 working days) are counted on. Each change is in the audit log.
 */
export default function CalendarPage() {
  const [year, setYear] = useState(thisYear());
  const [cal, setCal] = useState<CalendarYear | null>(null);
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<CalendarDayKind>('off');
  const loading = useAction({ anyError: true });
  const acting = useAction({ fallback: '保存失败，请重试' });
  const load = (y = year) => loading.run(async () => setCal(await calendarApi.year(y)));
  useDidShow(() => void load());

  const go = (y: number) => {
    setYear(y);
    void load(y);
  };
  const save = () =>
    void acting.run(async () => {
      await calendarApi.set(date.trim(), kind, name.trim());
      setDate('');
      setName('');
      await load();
    });
  const remove = (d: string) =>
    void acting.run(async () => {
      await calendarApi.remove(d);
      await load();
    });

  return (
    <PageShell title="节假日与调休" className="nx-legal nx-calendar">
      <View className="nx-card">
        <Text className="nx-card__text">
          法律援助“2 个工作日内受理”等时限按此日历计算：放假日不计，调休上班的周末计入。每次修改都会记入操作记录。
        </Text>
        <View className="nx-legal__row nx-calendar__years">
          <Button className="nx-button nx-button--secondary nx-calendar__prev" onClick={() => go(year - 1)}>
            上一年
          </Button>
          <Text className="nx-card__title nx-calendar__year">{year} 年</Text>
          <Button className="nx-button nx-button--secondary nx-calendar__next" onClick={() => go(year + 1)}>
            下一年
          </Button>
        </View>
      </View>
      {loading.notice(() => void load())}

      <View className="nx-card nx-calendar__form">
        <Text className="nx-card__title">添加或修改一天</Text>
        <Text className="nx-legal__label">日期（如 {year}-10-01）</Text>
        <Input
          className="nx-legal__input nx-calendar__date"
          value={date}
          placeholder={`${year}-10-01`}
          onInput={(e) => setDate(e.detail.value)}
        />
        <Text className="nx-legal__label">类型</Text>
        <View className="nx-legal__chips">
          {(Object.keys(CALENDAR_DAY_KIND_LABELS) as CalendarDayKind[]).map((k) => (
            <Button
              key={k}
              className={`nx-legal__chip nx-calendar__kind-${k}${kind === k ? ' nx-legal__chip--on' : ''}`}
              onClick={() => setKind(k)}
            >
              {CALENDAR_DAY_KIND_LABELS[k]}
            </Button>
          ))}
        </View>
        <Text className="nx-legal__label">节日名称</Text>
        <Input
          className="nx-legal__input nx-calendar__name"
          value={name}
          maxlength={CALENDAR_NAME_MAX}
          placeholder="例如：国庆节、春节调休"
          onInput={(e) => setName(e.detail.value)}
        />
        {acting.notice()}
        <Button
          className="nx-button nx-button--primary nx-calendar__save"
          disabled={acting.running || undefined}
          onClick={save}
        >
          保存
        </Button>
      </View>

      {cal ? (
        <View className="nx-card nx-calendar__list">
          <Text className="nx-card__title">{year} 年的安排</Text>
          {!cal.entered ? (
            <Text className="nx-card__text nx-calendar__empty">
              {year} 年的放假安排尚未录入：国务院办公厅公布后请在此逐日添加。未录入前只按周一至周五计算。
            </Text>
          ) : null}
          {cal.days.map((d) => (
            <View key={d.date} className="nx-legal__figure nx-calendar__day">
              <Text>
                {d.date} {weekday(d.date)} · {d.name}
              </Text>
              <View className="nx-legal__row">
                <Text className={`nx-legal__figure-value nx-calendar__tag-${d.kind}`}>
                  {CALENDAR_DAY_KIND_LABELS[d.kind]}
                </Text>
                <Button
                  className="nx-legal__chip nx-calendar__remove"
                  disabled={acting.running || undefined}
                  onClick={() => remove(d.date)}
                >
                  删除
                </Button>
              </View>
            </View>
          ))}
        </View>
      ) : null}
    </PageShell>
  );
}
