import { useDidShow } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ORG_NAME_MAX } from '@nuanxin/shared/geo/constants';
import type { StreetSummary } from '@nuanxin/shared/geo/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { openRoute, ROUTES } from '../../../../routes';
import { orgApi } from '../../../../services/org';
import { useWrite } from '../../../../components/useAction/use-write';
import '../../../../styles/admin.css';
import '../org.css';

/** District admins: the streets of the district — create, rename, deactivate, reactivate. */
export default function OrgStreetsPage() {
  const [items, setItems] = useState<StreetSummary[] | null>(null);
  const loading = useAction();
  const [adding, setAdding] = useState(false);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [newName, setNewName] = useState('');

  const load = () => loading.run(async () => setItems((await orgApi.streets()).items));
  useDidShow(() => void load());
  const action = useWrite(load);
  const { busy, done, run, setError } = action;

  async function add() {
    if (!code.trim()) return setError('请填写街道编号（如 110105004）');
    if (!name.trim()) return setError('请填写街道名称');
    const ok = await run(
      () => orgApi.createStreet({ code: code.trim(), name: name.trim() }),
      `已新建「${name.trim()}」，请上传它的边界`,
    );
    if (ok) {
      setAdding(false);
      setCode('');
      setName('');
    }
  }

  async function rename(s: StreetSummary) {
    if (!newName.trim()) return setError('请填写街道名称');
    const ok = await run(() => orgApi.updateStreet(s.id, { name: newName.trim() }), `已改名为「${newName.trim()}」`);
    if (ok) setRenaming(null);
  }

  async function toggle(s: StreetSummary) {
    if (s.active) {
      const ok = await action.confirm(
        `停用「${s.name}」？`,
        '停用后新的社区、商户不再落到这个街道；已有的数据保持不变，随时可以重新启用。',
        '停用',
      );
      if (!ok) return;
    }
    await run(
      () => orgApi.updateStreet(s.id, { active: !s.active }),
      s.active ? `已停用「${s.name}」` : `已启用「${s.name}」`,
    );
  }

  return (
    <PageShell title="街道管理" className="nx-org-streets">
      <Text className="nx-subtitle">本区的街道。新建后请上传街道边界：社区和商户按边界确定所属街道。</Text>
      {action.notice() ?? loading.notice()}
      {done ? <Text className="nx-admin__ok">{done}</Text> : null}
      {adding ? (
        <View className="nx-card">
          <Text className="nx-card__title">新建街道</Text>
          <Text className="nx-admin__label">街道编号（创建后不能修改）</Text>
          <Input
            className="nx-admin__input nx-org-street-form__code"
            value={code}
            maxlength={32}
            placeholder="如 110105004"
            onInput={(e) => setCode(e.detail.value)}
          />
          <Text className="nx-admin__label">街道名称</Text>
          <Input
            className="nx-admin__input nx-org-street-form__name"
            value={name}
            maxlength={ORG_NAME_MAX}
            placeholder="如 呼家楼街道"
            onInput={(e) => setName(e.detail.value)}
          />
          <View className="nx-admin__actions">
            <Button
              className="nx-button nx-button--primary nx-org-street-form__submit"
              disabled={busy || undefined}
              onClick={() => void add()}
            >
              新建
            </Button>
            <Button className="nx-button nx-button--secondary" onClick={() => setAdding(false)}>
              取消
            </Button>
          </View>
        </View>
      ) : (
        <View className="nx-admin__actions nx-org__top">
          <Button className="nx-button nx-button--primary nx-org-streets__add" onClick={() => setAdding(true)}>
            新建街道
          </Button>
          <Button className="nx-button nx-button--secondary" onClick={() => openRoute(ROUTES.staffStreets)}>
            上传街道边界
          </Button>
        </View>
      )}
      {items === null && !loading.error ? <Text className="nx-subtitle">加载中…</Text> : null}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有街道，请先新建。</Text> : null}
      {(items ?? []).map((s) => (
        <View key={s.id} className="nx-card nx-org-street">
          <Text className="nx-card__title">
            {s.name}
            {s.active ? null : <Text className="nx-admin__off">已停用</Text>}
          </Text>
          <Text className="nx-org__meta">
            {s.code} · {s.hasBoundary ? '已有边界' : '还没有边界'}
          </Text>
          {renaming === s.id ? (
            <View>
              <Input
                className="nx-admin__input nx-org-street__rename"
                value={newName}
                maxlength={ORG_NAME_MAX}
                onInput={(e) => setNewName(e.detail.value)}
              />
              <View className="nx-admin__actions">
                <Button
                  className="nx-button nx-button--primary"
                  disabled={busy || undefined}
                  onClick={() => void rename(s)}
                >
                  保存
                </Button>
                <Button className="nx-button nx-button--secondary" onClick={() => setRenaming(null)}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <View className="nx-admin__actions">
              <Button
                className="nx-button nx-button--secondary"
                onClick={() => {
                  setRenaming(s.id);
                  setNewName(s.name);
                }}
              >
                改名
              </Button>
              <Button
                className={`nx-button nx-button--${s.active ? 'danger' : 'secondary'} nx-org-street__toggle`}
                disabled={busy || undefined}
                onClick={() => void toggle(s)}
              >
                {s.active ? '停用' : '启用'}
              </Button>
            </View>
          )}
        </View>
      ))}
    </PageShell>
  );
}
