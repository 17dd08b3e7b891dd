import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { Community } from '@nuanxin/shared/geo/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { orgAgreementsUrl, orgCommunityUrl } from '../../../../routes';
import { orgApi } from '../../../../services/org';
import { useSession } from '../../../../services/session';
import '../../../../styles/admin.css';
import '../org.css';

/**
 * The communities in scope, inactive ones too: district admins and street operators add and edit
 * them; every staff role that has them opens their co-construction agreements from here.
 */
export default function OrgCommunitiesPage() {
  const { user } = useSession();
  const [items, setItems] = useState<Community[] | null>(null);
  const loading = useAction();
  const load = () => loading.run(async () => setItems((await orgApi.communities()).items));
  useDidShow(() => void load());
  const mayEdit = user?.role === 'district_admin' || user?.role === 'street_operator';

  return (
    <PageShell title="社区管理" className="nx-org-communities">
      <Text className="nx-subtitle">
        {mayEdit ? '新建社区时按位置自动确定所属街道；门岗与楼栋指引由社区管理员维护。' : '你负责的社区及其共建协议。'}
      </Text>
      {loading.notice(() => void load())}
      {mayEdit ? (
        <Button
          className="nx-button nx-button--primary nx-org-communities__add"
          onClick={() => void Taro.navigateTo({ url: orgCommunityUrl() })}
        >
          新建社区
        </Button>
      ) : null}
      {items === null && !loading.error ? <Text className="nx-subtitle">加载中…</Text> : null}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有社区。</Text> : null}
      {(items ?? []).map((c) => (
        <View key={c.id} className="nx-card nx-org-community">
          <Text className="nx-card__title">
            {c.name}
            {c.active ? null : <Text className="nx-admin__off">已停用</Text>}
          </Text>
          <Text className="nx-org__meta">
            {c.streetName} · {c.code}
          </Text>
          {c.address ? <Text className="nx-org__meta">{c.address}</Text> : null}
          <Text className="nx-org__meta">物业：{c.propertyCompany || '未填写'}</Text>
          <View className="nx-admin__actions">
            {mayEdit ? (
              <Button
                className="nx-button nx-button--secondary nx-org-community__edit"
                onClick={() => void Taro.navigateTo({ url: orgCommunityUrl(c.id) })}
              >
                修改
              </Button>
            ) : null}
            <Button
              className="nx-button nx-button--secondary nx-org-community__agreements"
              onClick={() => void Taro.navigateTo({ url: orgAgreementsUrl(c.id) })}
            >
              共建协议
            </Button>
          </View>
        </View>
      ))}
    </PageShell>
  );
}
