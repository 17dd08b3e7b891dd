import Taro from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import {
  CASE_OUTCOME_LABELS,
  CASE_OUTCOMES,
  NOTE_MAX,
  PLACE_MAX,
  type CaseOutcome,
} from '@nuanxin/shared/legal/constants';
import type { CaseDetail, StaffResources } from '@nuanxin/shared/legal/schemas';
import { PageShell } from '../../../../components/PageShell';
import { PhotoPicker } from '../../../../components/PhotoPicker';
import { useAction } from '../../../../components/useAction';
import { attachPhotos, legalApi } from '../../../../services/legal';
import type { LocalPhoto } from '../../../../services/reports';
import { CaseBody } from '../../components/CaseBody';
import '../../styles/legal.css';

/** Tomorrow in Beijing, as YYYY-MM-DD: the default day of an appointment. */
function tomorrow(): string {
  return new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
}

type Panel = 'refer' | 'assign' | 'appoint' | 'note' | 'close' | 'attach' | null;

/** One case at the centre: 受理 or 转介, 指派, 预约, 记录, 材料, 办结. */
export default function StaffCasePage() {
  const { params } = Taro.useRouter();
  const id = params.id ?? '';
  const [c, setCase] = useState<CaseDetail | null>(null);
  const [res, setRes] = useState<StaffResources | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const [referredTo, setReferredTo] = useState('');
  const [text, setText] = useState('');
  const [date, setDate] = useState(tomorrow());
  const [time, setTime] = useState('10:00');
  const [stationId, setStationId] = useState<string | null>(null);
  const [place, setPlace] = useState('');
  const [outcome, setOutcome] = useState<CaseOutcome | null>(null);
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const loading = useAction({ anyError: true });
  const acting = useAction({ fallback: '操作失败，请重试' });
  const load = () =>
    loading.run(async () => {
      setCase(await legalApi.detail(id));
      setRes(await legalApi.resources());
    });
  useEffect(() => {
    void load();
  }, [id]);

  if (!c)
    return (
      <PageShell title="案件处理">{loading.error ? loading.notice(() => void load()) : <Text>加载中…</Text>}</PageShell>
    );

  const done = (next: CaseDetail) => {
    setCase(next);
    setPanel(null);
    setText('');
  };
  const open = (p: Panel) => {
    acting.fail(null);
    setText('');
    setPanel(panel === p ? null : p);
  };
  const appoint = () => {
    const at = new Date(`${date.trim()}T${time.trim()}:00+08:00`);
    if (Number.isNaN(at.getTime())) return acting.fail('请按 2026-12-09 和 14:30 的格式填写日期和时间');
    return void acting.run(async () =>
      done(
        await legalApi.appoint(id, {
          at: at.toISOString(),
          ...(stationId ? { stationId } : {}),
          ...(place.trim() ? { place: place.trim() } : {}),
        }),
      ),
    );
  };

  return (
    <PageShell title="案件处理" className="nx-legal nx-legal-staff-case">
      <CaseBody c={c} />
      {acting.notice()}
      <View className="nx-legal__actions">
        {c.can.accept ? (
          <Button
            className="nx-button nx-button--primary nx-legal-staff__accept"
            disabled={acting.running || undefined}
            onClick={() => void acting.run(async () => done(await legalApi.accept(id)))}
          >
            受理
          </Button>
        ) : null}
        {c.can.refer ? (
          <Button className="nx-button nx-button--secondary" onClick={() => open('refer')}>
            转介
          </Button>
        ) : null}
        {c.can.assign ? (
          <Button className="nx-button nx-button--secondary nx-legal-staff__assign" onClick={() => open('assign')}>
            指派调解员
          </Button>
        ) : null}
        {c.can.appoint ? (
          <Button className="nx-button nx-button--secondary nx-legal-staff__appoint" onClick={() => open('appoint')}>
            预约面谈
          </Button>
        ) : null}
        {c.can.note ? (
          <Button className="nx-button nx-button--secondary" onClick={() => open('note')}>
            调处记录
          </Button>
        ) : null}
        {c.can.attach ? (
          <Button className="nx-button nx-button--secondary" onClick={() => open('attach')}>
            上传材料
          </Button>
        ) : null}
        {c.can.close ? (
          <Button className="nx-button nx-button--primary nx-legal-staff__close" onClick={() => open('close')}>
            办结
          </Button>
        ) : null}
      </View>

      {panel === 'refer' ? (
        <View className="nx-card">
          <Text className="nx-legal__label">转介去向</Text>
          <Input
            className="nx-legal__input"
            value={referredTo}
            maxlength={PLACE_MAX}
            placeholder="例如：区劳动人事争议仲裁委员会"
            onInput={(e) => setReferredTo(e.detail.value)}
          />
          <Text className="nx-legal__label">转介理由（骑手可见）</Text>
          <Textarea
            className="nx-legal__text"
            value={text}
            maxlength={NOTE_MAX}
            onInput={(e) => setText(e.detail.value)}
          />
          <Button
            className="nx-button nx-button--primary"
            disabled={acting.running || undefined}
            onClick={() => void acting.run(async () => done(await legalApi.refer(id, referredTo.trim(), text.trim())))}
          >
            确认转介
          </Button>
        </View>
      ) : null}

      {panel === 'assign' ? (
        <View className="nx-card">
          <Text className="nx-legal__label">选择调解员</Text>
          <View className="nx-legal__chips">
            {(res?.mediators ?? []).map((m) => (
              <Button
                key={m.id}
                className="nx-legal__chip nx-legal-staff__mediator"
                disabled={acting.running || undefined}
                onClick={() => void acting.run(async () => done(await legalApi.assign(id, m.id)))}
              >
                {m.name}
              </Button>
            ))}
          </View>
        </View>
      ) : null}

      {panel === 'appoint' ? (
        <View className="nx-card">
          <Text className="nx-legal__label">日期与时间（北京时间）</Text>
          <View className="nx-legal__row">
            <Input
              className="nx-legal__input nx-legal-staff__date"
              value={date}
              onInput={(e) => setDate(e.detail.value)}
            />
            <Input
              className="nx-legal__input nx-legal-staff__time"
              value={time}
              onInput={(e) => setTime(e.detail.value)}
            />
          </View>
          <Text className="nx-legal__label">地点：设有法律咨询室的驿站</Text>
          <View className="nx-legal__chips">
            {(res?.stations ?? []).map((s) => (
              <Button
                key={s.id}
                className={`nx-legal__chip nx-legal-staff__station${stationId === s.id ? ' nx-legal__chip--on' : ''}`}
                onClick={() => setStationId(stationId === s.id ? null : s.id)}
              >
                {s.name}
              </Button>
            ))}
          </View>
          <Input
            className="nx-legal__input"
            value={place}
            maxlength={PLACE_MAX}
            placeholder={stationId ? '补充说明（可不填）' : '或填写地点，如：区调解中心 2 楼'}
            onInput={(e) => setPlace(e.detail.value)}
          />
          <Button
            className="nx-button nx-button--primary nx-legal-staff__appoint-submit"
            disabled={acting.running || undefined}
            onClick={appoint}
          >
            确认预约
          </Button>
        </View>
      ) : null}

      {panel === 'note' ? (
        <View className="nx-card">
          <Text className="nx-legal__label">调处记录（骑手可见）</Text>
          <Textarea
            className="nx-legal__text"
            value={text}
            maxlength={NOTE_MAX}
            onInput={(e) => setText(e.detail.value)}
          />
          <Button
            className="nx-button nx-button--primary"
            disabled={acting.running || undefined}
            onClick={() => void acting.run(async () => done(await legalApi.note(id, text.trim())))}
          >
            保存记录
          </Button>
        </View>
      ) : null}

      {panel === 'attach' ? (
        <View className="nx-card">
          <PhotoPicker
            photos={photos}
            max={9 - c.attachments.length}
            onChange={setPhotos}
            onError={acting.fail}
            label="添加"
          />
          <Button
            className="nx-button nx-button--primary"
            disabled={acting.running || photos.length === 0 || undefined}
            onClick={() =>
              void acting.run(async () => {
                done(await attachPhotos(id, photos));
                setPhotos([]);
              })
            }
          >
            上传
          </Button>
        </View>
      ) : null}

      {panel === 'close' ? (
        <View className="nx-card">
          <Text className="nx-legal__label">办结结果</Text>
          <View className="nx-legal__chips">
            {CASE_OUTCOMES.map((o) => (
              <Button
                key={o}
                className={`nx-legal__chip nx-legal-staff__outcome${outcome === o ? ' nx-legal__chip--on' : ''}`}
                onClick={() => setOutcome(o)}
              >
                {CASE_OUTCOME_LABELS[o]}
              </Button>
            ))}
          </View>
          <Text className="nx-legal__label">办结说明（骑手可见）</Text>
          <Textarea
            className="nx-legal__text nx-legal-staff__close-note"
            value={text}
            maxlength={NOTE_MAX}
            onInput={(e) => setText(e.detail.value)}
          />
          <Button
            className="nx-button nx-button--primary nx-legal-staff__close-submit"
            disabled={acting.running || undefined}
            onClick={() =>
              !outcome
                ? acting.fail('请选择办结结果')
                : void acting.run(async () => done(await legalApi.close(id, { outcome, note: text.trim() })))
            }
          >
            确认办结
          </Button>
        </View>
      ) : null}
    </PageShell>
  );
}
