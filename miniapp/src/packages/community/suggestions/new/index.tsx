import Taro from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import type { SuggestionTargetList } from '@nuanxin/shared/suggestions/schemas';
import {
  SUGGESTION_CATEGORIES,
  SUGGESTION_TARGET_LABELS,
  type SuggestionCategory,
} from '@nuanxin/shared/suggestions/constants';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { suggestionsApi } from '../../../../services/suggestions';
import { ROUTES } from '../../../../routes';
import { TargetPicker } from '../../components/TargetPicker';
import '../../tasks/community-tasks.css';

type Target = SuggestionTargetList['items'][number];

/** 提建议: to whom (search a station, community or street by name), title, text, a category. */
export default function NewSuggestionPage() {
  const [target, setTarget] = useState<Target | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [category, setCategory] = useState<SuggestionCategory | null>(null);
  const submit = useAction();

  async function onSubmit() {
    if (!target) return submit.fail('请选择建议给哪个驿站、社区或街道');
    if (!title.trim()) return submit.fail('请填写标题');
    if (!body.trim()) return submit.fail('请填写建议内容');
    const ok = await submit.run(() =>
      suggestionsApi.submit({
        targetKind: target.kind,
        targetId: target.id,
        title: title.trim(),
        body: body.trim(),
        ...(category ? { category } : {}),
      }),
    );
    if (ok) {
      void Taro.showToast({ title: '已提交', icon: 'success' });
      void Taro.redirectTo({ url: ROUTES.mySuggestions });
    }
  }

  return (
    <PageShell title="提建议" className="nx-new-suggestion">
      <Text className="nx-ctask__label">建议给</Text>
      <TargetPicker
        value={target}
        onChange={setTarget}
        search={suggestionsApi.targets}
        labels={SUGGESTION_TARGET_LABELS}
        placeholder="输入驿站、社区或街道名称"
        hook="nx-new-suggestion"
      />
      <Text className="nx-ctask__label">类别（可选）</Text>
      <View className="nx-ctask__choices">
        {SUGGESTION_CATEGORIES.map((c) => (
          <Text
            key={c}
            className={`nx-ctask__choice${category === c ? ' nx-ctask__choice--on' : ''}`}
            onClick={() => setCategory(category === c ? null : c)}
          >
            {c}
          </Text>
        ))}
      </View>
      <Text className="nx-ctask__label">标题</Text>
      <Input
        className="nx-ctask__input nx-new-suggestion__title"
        value={title}
        maxlength={40}
        placeholder="一句话说清建议"
        onInput={(e) => setTitle(e.detail.value)}
      />
      <Text className="nx-ctask__label">建议内容</Text>
      <Textarea
        className="nx-ctask__input nx-ctask__textarea nx-new-suggestion__body"
        value={body}
        maxlength={1000}
        placeholder="遇到了什么问题，建议怎么改"
        onInput={(e) => setBody(e.detail.value)}
      />
      {submit.notice()}
      <Button
        className="nx-button nx-button--primary nx-new-suggestion__submit"
        disabled={submit.running || undefined}
        onClick={() => void onSubmit()}
      >
        提交建议
      </Button>
    </PageShell>
  );
}
