import { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { TEAM_NAME_MAX } from '@nuanxin/shared/reports/constants';
import type { AdminTeam, StreetRouting } from '@nuanxin/shared/reports/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { routingApi } from '../../../../services/reports';
import { useSession } from '../../../../services/session';
import { useWrite } from '../../../../components/useAction/use-write';
import '../../../../styles/admin.css';

/**
 * One street's teams and its category → team routing. Changes apply to reports filed from now on;
 * reports already filed keep the team they were routed to.
 */
export default function StaffRoutingPage() {
  const { params } = useRouter();
  const streetId = params.streetId ?? '';
  const { user } = useSession();
  const [data, setData] = useState<StreetRouting | null>(null);
  const loading = useAction({ anyError: true });
  const [newTeam, setNewTeam] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);

  useEffect(() => {
    void loading.run(async () => setData(await routingApi.routing(streetId)));
  }, [streetId]);
  const action = useWrite(async () => setData(await routingApi.routing(streetId)), { anyError: true });
  const { busy, done, run, setError } = action;
  const notice = action.notice() ?? loading.notice();

  if (!data) return <PageShell title="队伍与分派">{notice ?? <Text>加载中…</Text>}</PageShell>;

  // A street operator manages its street's own teams; district-wide ones are the district admin's.
  const canEdit = (t: AdminTeam) => t.streetId !== null || user?.role === 'district_admin';
  const choices = data.teams.filter((t) => t.active);
  const labels = ['不分派（由工作人员手动派单）', ...choices.map((t) => (t.streetId ? t.name : `${t.name}（区级）`))];

  async function addTeam() {
    const name = newTeam.trim();
    if (!name) return setError('请填写队伍名称');
    if (await run(() => routingApi.createTeam({ name, streetId }), `已新增队伍「${name}」`)) setNewTeam('');
  }

  async function toggleTeam(t: AdminTeam) {
    if (t.active) {
      const ok = await action.confirm(
        `停用「${t.name}」？`,
        '停用后不能再派单给它。仍有类别分派给它时不能停用。',
        '停用',
      );
      if (!ok) return;
    }
    await run(
      () => routingApi.updateTeam(t.id, { active: !t.active }),
      t.active ? `已停用「${t.name}」` : `已启用「${t.name}」`,
    );
  }

  async function rename() {
    if (!renaming || !renaming.name.trim()) return setError('请填写队伍名称');
    const name = renaming.name.trim();
    if (await run(() => routingApi.updateTeam(renaming.id, { name }), `已改名为「${name}」`)) setRenaming(null);
  }

  return (
    <PageShell title="队伍与分派" className="nx-staff-routing">
      <Text className="nx-title">{data.street.name}</Text>
      <Text className="nx-subtitle">改动只影响之后的上报，已提交的上报保持原来的队伍。</Text>
      {notice}
      {done ? <Text className="nx-admin__ok nx-routing__done">{done}</Text> : null}

      <View className="nx-card nx-routing__routes">
        <Text className="nx-card__title">类别分派</Text>
        {data.routes.map((r) => {
          const index = r.teamId ? choices.findIndex((t) => t.id === r.teamId) + 1 : 0;
          return (
            <View key={r.category.id} className={`nx-route nx-route--${r.category.code}`}>
              <Text className="nx-admin__label">
                <Text className="nx-admin__icon nx-admin__icon--small">{r.category.icon || '他'}</Text>
                {r.category.name}
                {r.category.active ? null : <Text className="nx-admin__off">已停用</Text>}
              </Text>
              <Picker
                mode="selector"
                range={labels}
                value={Math.max(index, 0)}
                disabled={busy}
                onChange={(e) => {
                  const i = Number(e.detail.value);
                  const team = i === 0 ? null : (choices[i - 1] ?? null);
                  if ((team?.id ?? null) === r.teamId) return;
                  void run(
                    () => routingApi.setRoute(streetId, r.category.id, team?.id ?? null),
                    `「${r.category.name}」${team ? `分派给 ${team.name}` : '不再自动分派'}`,
                  );
                }}
              >
                <View className="nx-admin__picker">
                  <Text>{r.teamName ?? '不分派'}</Text>
                  <Text>›</Text>
                </View>
              </Picker>
            </View>
          );
        })}
      </View>

      <View className="nx-card nx-routing__teams">
        <Text className="nx-card__title">处置队伍</Text>
        {data.teams.map((t) => (
          <View key={t.id} className="nx-team">
            <Text className="nx-admin__label">
              {t.name}
              {t.streetId ? '' : '（区级）'}
              {t.active ? null : <Text className="nx-admin__off">已停用</Text>}
            </Text>
            <Text className="nx-admin__hint">分派了 {t.routes} 个类别</Text>
            {renaming?.id === t.id ? (
              <>
                <Input
                  className="nx-admin__input"
                  value={renaming.name}
                  maxlength={TEAM_NAME_MAX}
                  onInput={(e) => setRenaming({ id: t.id, name: e.detail.value })}
                />
                <View className="nx-admin__actions">
                  <Button
                    className="nx-button nx-button--primary"
                    disabled={busy || undefined}
                    onClick={() => void rename()}
                  >
                    保存
                  </Button>
                  <Button className="nx-button nx-button--secondary" onClick={() => setRenaming(null)}>
                    取消
                  </Button>
                </View>
              </>
            ) : canEdit(t) ? (
              <View className="nx-admin__actions">
                <Button
                  className="nx-button nx-button--secondary"
                  onClick={() => setRenaming({ id: t.id, name: t.name })}
                >
                  改名
                </Button>
                <Button
                  className={`nx-button nx-button--${t.active ? 'danger' : 'secondary'}`}
                  disabled={busy || undefined}
                  onClick={() => void toggleTeam(t)}
                >
                  {t.active ? '停用' : '启用'}
                </Button>
              </View>
            ) : null}
          </View>
        ))}
        <Text className="nx-admin__label">新增本街道的队伍</Text>
        <Input
          className="nx-admin__input nx-routing__team-name"
          value={newTeam}
          maxlength={TEAM_NAME_MAX}
          placeholder="如：夜间抢修队"
          onInput={(e) => setNewTeam(e.detail.value)}
        />
        <Button
          className="nx-button nx-button--primary nx-routing__add-team"
          disabled={busy || undefined}
          onClick={() => void addTeam()}
        >
          新增队伍
        </Button>
      </View>
    </PageShell>
  );
}
