import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { ORG_ADDRESS_MAX, ORG_NAME_MAX } from '@nuanxin/shared/geo/constants';
import type { Community } from '@nuanxin/shared/geo/schemas';
import { goBack, PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { orgAgreementsUrl } from '../../../../routes';
import { orgApi } from '../../../../services/org';
import { PositionInput, type LatLng } from '../../components/PositionInput';
import '../../../../styles/admin.css';
import '../org.css';

interface Form {
  code: string;
  name: string;
  address: string;
  propertyCompany: string;
  position: LatLng | null;
}

const EMPTY: Form = { code: '', name: '', address: '', propertyCompany: '', position: null };

/**
 * A community's form (new without `id`): name, address, property company and its GCJ-02 position
 * (map on weapp; current position or typed numbers on H5). The server finds its street from the
 * street boundaries and refuses a point outside every active street.
 */
export default function OrgCommunityPage() {
  const id = useRouter().params.id;
  const [community, setCommunity] = useState<Community | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const loading = useAction();
  const saving = useAction();
  const [done, setDone] = useState<string | null>(null);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  useEffect(() => {
    if (!id) return;
    void loading.run(async () => {
      const c = await orgApi.community(id);
      setCommunity(c);
      setForm({
        code: c.code,
        name: c.name,
        address: c.address,
        propertyCompany: c.propertyCompany,
        position: { lat: c.lat, lng: c.lng },
      });
    });
  }, [id]);

  async function save() {
    setDone(null);
    if (!form.name.trim()) return saving.fail('请填写社区名称');
    if (!form.position) return saving.fail('请设置社区位置（地图选点、用我的位置或输入坐标）');
    const body = {
      name: form.name.trim(),
      address: form.address.trim(),
      propertyCompany: form.propertyCompany.trim(),
      lat: form.position.lat,
      lng: form.position.lng,
    };
    await saving.run(async () => {
      const saved = community
        ? await orgApi.updateCommunity(community.id, body)
        : await orgApi.createCommunity({ ...body, ...(form.code.trim() ? { code: form.code.trim() } : {}) });
      setCommunity(saved);
      set({ code: saved.code });
      setDone(`已保存「${saved.name}」，所属街道：${saved.streetName}`);
    });
  }

  async function toggle() {
    if (!community) return;
    if (community.active) {
      const res = await Taro.showModal({
        title: `停用「${community.name}」？`,
        content: '停用后不再受理新的通行申请；已有通行证和记录保持不变，随时可以重新启用。',
        confirmText: '停用',
        cancelText: '取消',
      });
      if (!res.confirm) return;
    }
    setDone(null);
    await saving.run(async () => {
      const saved = await orgApi.updateCommunity(community.id, { active: !community.active });
      setCommunity(saved);
      setDone(saved.active ? '已重新启用' : '已停用');
    });
  }

  return (
    <PageShell title={id ? '社区信息' : '新建社区'} className="nx-org-community-form">
      {loading.notice()}
      {saving.notice()}
      {done ? <Text className="nx-admin__ok nx-org-community-form__done">{done}</Text> : null}
      <View className="nx-card">
        {community ? (
          <Text className="nx-org__meta">
            编号 {community.code} · {community.streetName}
            {community.active ? null : <Text className="nx-admin__off">已停用</Text>}
          </Text>
        ) : (
          <>
            <Text className="nx-admin__label">社区编号（可不填，自动生成）</Text>
            <Input
              className="nx-admin__input nx-org-community-form__code"
              value={form.code}
              maxlength={32}
              placeholder="如 C-HJL-03"
              onInput={(e) => set({ code: e.detail.value })}
            />
          </>
        )}
        <Text className="nx-admin__label">社区名称</Text>
        <Input
          className="nx-admin__input nx-org-community-form__name"
          value={form.name}
          maxlength={ORG_NAME_MAX}
          placeholder="如 金台里小区"
          onInput={(e) => set({ name: e.detail.value })}
        />
        <Text className="nx-admin__label">地址</Text>
        <Input
          className="nx-admin__input nx-org-community-form__address"
          value={form.address}
          maxlength={ORG_ADDRESS_MAX}
          placeholder="如 朝阳区金台里甲15号"
          onInput={(e) => set({ address: e.detail.value })}
        />
        <Text className="nx-admin__label">物业公司</Text>
        <Input
          className="nx-admin__input nx-org-community-form__property"
          value={form.propertyCompany}
          maxlength={60}
          placeholder="如 某某物业服务有限公司"
          onInput={(e) => set({ propertyCompany: e.detail.value })}
        />
        <Text className="nx-admin__label">位置（小区主入口）</Text>
        <PositionInput
          value={form.position}
          onChange={(position) => set({ position })}
          onPlaceName={(name) => {
            if (!form.address.trim()) set({ address: name });
          }}
        />
        <View className="nx-admin__actions">
          <Button
            className="nx-button nx-button--primary nx-org-community-form__submit"
            disabled={saving.running || undefined}
            onClick={() => void save()}
          >
            {community ? '保存' : '新建'}
          </Button>
          {community ? (
            <Button
              className={`nx-button nx-button--${community.active ? 'danger' : 'secondary'} nx-org-community-form__toggle`}
              disabled={saving.running || undefined}
              onClick={() => void toggle()}
            >
              {community.active ? '停用' : '启用'}
            </Button>
          ) : (
            <Button className="nx-button nx-button--secondary" onClick={goBack}>
              取消
            </Button>
          )}
        </View>
      </View>
      {community ? (
        <Button
          className="nx-button nx-button--secondary nx-org-community-form__agreements"
          onClick={() => void Taro.navigateTo({ url: orgAgreementsUrl(community.id) })}
        >
          共建协议
        </Button>
      ) : null}
    </PageShell>
  );
}
