import { useDidShow } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import type { RulesDocumentAdmin } from '@nuanxin/shared/points/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { useWrite } from '../../../../components/useAction/use-write';
import { rulesDocumentApi } from '../../../../services/points';
import '../../rules/index.css';

/** Today in Beijing, YYYY-MM-DD. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * 积分管理办法 (district admin): publish a new version (title, body, effective date); every
 * version stays listed, the one in force marked. The earning numbers are set on 奖励与积分规则.
 */
export default function RulesDocumentStaffPage() {
  const [data, setData] = useState<RulesDocumentAdmin | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [effectiveOn, setEffectiveOn] = useState(today());
  const loading = useAction();
  const load = () =>
    loading.run(async () => {
      const d = await rulesDocumentApi.admin();
      setData(d);
      // The form starts from the newest version: an edit is a new version of it.
      const latest = d.versions[0];
      if (latest && !title && !body) {
        setTitle(latest.title);
        setBody(latest.body);
      }
    });
  const write = useWrite(load);
  useDidShow(() => void load());

  function onPublish() {
    if (!title.trim()) return write.setError('请填写标题');
    if (!body.trim()) return write.setError('请填写正文');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveOn)) return write.setError('生效日期格式应为 2026-12-07');
    void write.run(
      async () => setData(await rulesDocumentApi.publish({ title: title.trim(), body: body.trim(), effectiveOn })),
      '已发布新版本',
    );
  }

  return (
    <PageShell title="积分管理办法" className="nx-rules-admin">
      {loading.notice(() => void load())}
      {data ? (
        <Text className="nx-rules__meta">
          {data.districtName} · {data.currentVersion ? `现行第 ${data.currentVersion} 版` : '尚未发布'}
        </Text>
      ) : null}
      <View className="nx-card">
        <Text className="nx-card__title">发布新版本</Text>
        <Text className="nx-rules-admin__label">标题</Text>
        <Input
          className="nx-rules-admin__input nx-rules-admin__title"
          value={title}
          maxlength={60}
          onInput={(e) => setTitle(e.detail.value)}
        />
        <Text className="nx-rules-admin__label">正文（每段一行，分值与上限以“奖励与积分规则”为准）</Text>
        <Textarea
          className="nx-rules-admin__input nx-rules-admin__textarea nx-rules-admin__body"
          value={body}
          maxlength={20000}
          autoHeight
          onInput={(e) => setBody(e.detail.value)}
        />
        <Text className="nx-rules-admin__label">生效日期</Text>
        <Input
          className="nx-rules-admin__input nx-rules-admin__date"
          value={effectiveOn}
          placeholder="2026-12-07"
          onInput={(e) => setEffectiveOn(e.detail.value)}
        />
        {write.done ? <Text className="nx-rules__upcoming nx-rules-admin__done">{write.done}</Text> : null}
        {write.notice()}
        <Button
          className="nx-button nx-button--primary nx-rules-admin__publish"
          disabled={write.busy || undefined}
          onClick={onPublish}
        >
          发布
        </Button>
      </View>
      {(data?.versions ?? []).map((v) => (
        <View key={v.id} className="nx-card nx-rules-admin__version">
          <Text className="nx-card__title">
            第 {v.version} 版{v.version === data?.currentVersion ? '（现行）' : ''}
          </Text>
          <Text className="nx-rules__meta">
            {v.title} · {v.effectiveOn} 起施行 · 发布于 {v.publishedAt.slice(0, 10)}
          </Text>
        </View>
      ))}
    </PageShell>
  );
}
