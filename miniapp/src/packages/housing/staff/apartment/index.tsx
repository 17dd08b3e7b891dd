import Taro from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { Apartment, ApartmentPhoto, CreateApartmentBody } from '@nuanxin/shared/housing/schemas';
import type { StreetSummary } from '@nuanxin/shared/geo/schemas';
import { FACILITIES, FACILITY_LABELS, type Facility } from '@nuanxin/shared/housing/constants';
import { Notice } from '../../../../components/Notice';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { housingApi } from '../../../../services/housing';
import { orgApi } from '../../../../services/org';
import { useSession } from '../../../../services/session';
import { ROUTES } from '../../../../routes';
// The same position input as the organisation pages (weapp map pick, H5 current position + typed).
import { PositionInput, type LatLng } from '../../../org/components/PositionInput';
import { ApartmentPhotos } from '../../components/ApartmentPhotos';
import '../../../../styles/admin.css';
import '../../../../styles/staff.css';
import '../../housing.css';

interface Form {
  name: string;
  address: string;
  /** '' = none chosen. */
  streetId: string;
  position: LatLng | null;
  operatorName: string;
  contactPhone: string;
  rules: string;
  costs: string;
  facilities: Facility[];
  active: boolean;
}

const EMPTY: Form = {
  name: '',
  address: '',
  streetId: '',
  position: null,
  operatorName: '',
  contactPhone: '',
  rules: '',
  costs: '',
  facilities: [],
  active: true,
};

const formOf = (a: Apartment): Form => ({
  name: a.name,
  address: a.address,
  streetId: a.streetId ?? '',
  position: { lat: a.lat, lng: a.lng },
  operatorName: a.operatorName,
  contactPhone: a.contactPhone,
  rules: a.rules,
  costs: a.costs,
  facilities: a.facilities,
  active: a.active,
});

/** The form's checks before the server's: each message names the field in Chinese. */
function bodyOf(form: Form): CreateApartmentBody | string {
  if (!form.name.trim()) return '请填写公寓名称';
  if (!form.address.trim()) return '请填写地址';
  if (!form.position) return '请设置位置（用我的位置、地图选点或输入坐标）';
  if (!form.operatorName.trim()) return '请填写运营方';
  if (form.contactPhone.trim() && !/^[0-9+\- ]{3,20}$/.test(form.contactPhone.trim()))
    return '联系电话只能包含数字、空格、+ 和 -';
  return {
    name: form.name.trim(),
    address: form.address.trim(),
    lat: form.position.lat,
    lng: form.position.lng,
    operatorName: form.operatorName.trim(),
    contactPhone: form.contactPhone.trim(),
    rules: form.rules,
    costs: form.costs,
    facilities: form.facilities,
    ...(form.streetId ? { streetId: form.streetId } : {}),
  };
}

/**
 * A 暖新公寓's details. A district admin registers one of its district (no id) or edits one; an
 * operator edits its own (the id given, else its first apartment). Rooms and beds are on the
 * beds page.
 */
export default function HousingApartmentPage() {
  const { params } = Taro.useRouter();
  const { user } = useSession();
  const isAdmin = user?.role === 'district_admin';
  const own = user?.scope.apartments ?? [];
  const [id, setId] = useState<string>(params.id ?? (isAdmin ? '' : (own[0]?.id ?? '')));
  const [form, setForm] = useState<Form>(EMPTY);
  const [streets, setStreets] = useState<StreetSummary[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [photos, setPhotos] = useState<ApartmentPhoto[] | null>(null);
  const load = useAction();
  const save = useAction();
  const set = (patch: Partial<Form>) => {
    setSaved(null);
    // An earlier refusal no longer describes the form once it changes.
    save.fail(null);
    setForm((f) => ({ ...f, ...patch }));
  };

  const fetch = useCallback(async () => {
    if (!id) return;
    await load.run(async () => {
      const apartment = await housingApi.managedApartment(id);
      setForm(formOf(apartment));
      setPhotos(apartment.photos);
    }, '加载失败，请重试');
  }, [id, load.run]);
  useEffect(() => {
    void fetch();
  }, [fetch]);
  useEffect(() => {
    if (!isAdmin || id) return;
    void load.run(async () => setStreets((await orgApi.streets()).items.filter((s) => s.active)));
  }, [isAdmin, id]);

  async function submit() {
    const body = bodyOf(form);
    if (typeof body === 'string') {
      save.fail(body);
      return;
    }
    await save.run(async () => {
      if (id) {
        const { streetId: _street, ...changes } = body;
        setForm(formOf(await housingApi.updateApartment(id, { ...changes, active: form.active })));
        setSaved('已保存');
      } else {
        const made = await housingApi.createApartment(body);
        setId(made.id);
        setForm(formOf(made));
        setPhotos(made.photos);
        setSaved('已登记，可以添加房间与床位，并在“工作人员邀请”中邀请运营方');
      }
    });
  }

  const title = id ? '公寓信息' : '新建暖新公寓';
  if (!isAdmin && own.length === 0) {
    return (
      <PageShell title={title} className="nx-housing">
        <Notice tone="info" message="还没有负责的公寓" />
      </PageShell>
    );
  }

  return (
    <PageShell title={title} className="nx-housing nx-housing-apartment">
      {!isAdmin && own.length > 1 ? (
        <View className="nx-chips">
          {own.map((a) => (
            <View
              key={a.id}
              className={`nx-chip${id === a.id ? ' nx-chip--selected' : ''}`}
              onClick={() => setId(a.id)}
            >
              <Text>{a.name}</Text>
            </View>
          ))}
        </View>
      ) : null}
      {load.notice(() => void fetch())}
      <View className="nx-card">
        <Text className="nx-admin__label">公寓名称</Text>
        <Input
          className="nx-admin__input nx-housing-apartment__name"
          value={form.name}
          maxlength={60}
          placeholder="如 劲松暖新公寓"
          onInput={(e) => set({ name: e.detail.value })}
        />
        <Text className="nx-admin__label">地址</Text>
        <Input
          className="nx-admin__input nx-housing-apartment__address"
          value={form.address}
          maxlength={120}
          placeholder="如 朝阳区劲松路 8 号"
          onInput={(e) => set({ address: e.detail.value })}
        />
        {!id && isAdmin ? (
          <>
            <Text className="nx-admin__label">所属街道</Text>
            <View className="nx-chips">
              <View
                className={`nx-chip${form.streetId === '' ? ' nx-chip--selected' : ''}`}
                onClick={() => set({ streetId: '' })}
              >
                <Text>不指定</Text>
              </View>
              {streets.map((s) => (
                <View
                  key={s.id}
                  className={`nx-chip nx-housing-apartment__street${form.streetId === s.id ? ' nx-chip--selected' : ''}`}
                  onClick={() => set({ streetId: s.id })}
                >
                  <Text>{s.name}</Text>
                </View>
              ))}
            </View>
          </>
        ) : null}
        <Text className="nx-admin__label">位置</Text>
        <PositionInput
          value={form.position}
          onChange={(position) => set({ position })}
          onPlaceName={(name) => {
            if (!form.address.trim()) set({ address: name });
          }}
        />
        <Text className="nx-admin__label">运营方</Text>
        <Input
          className="nx-admin__input nx-housing-apartment__operator"
          value={form.operatorName}
          maxlength={60}
          placeholder="如 劲松街道、某某公寓管理公司"
          onInput={(e) => set({ operatorName: e.detail.value })}
        />
        <Text className="nx-admin__label">前台电话</Text>
        <Input
          className="nx-admin__input nx-housing-apartment__phone"
          type="text"
          value={form.contactPhone}
          maxlength={20}
          placeholder="如 010-87654321"
          onInput={(e) => set({ contactPhone: e.detail.value })}
        />
        <Text className="nx-admin__hint">骑手可见，请填前台座机或 400 电话，不要填个人手机号。</Text>
        <Text className="nx-admin__label">入住规则</Text>
        <Textarea
          className="nx-form__input nx-housing__textarea nx-housing-apartment__rules"
          value={form.rules}
          maxlength={2000}
          placeholder="作息、访客、卫生、电动车充电等"
          onInput={(e) => set({ rules: e.detail.value })}
        />
        <Text className="nx-admin__label">费用说明</Text>
        <Textarea
          className="nx-form__input nx-housing__textarea nx-housing-apartment__costs"
          value={form.costs}
          maxlength={1000}
          placeholder="如 免中介费、免押金；水电按表计"
          onInput={(e) => set({ costs: e.detail.value })}
        />
        <Text className="nx-admin__label">设施</Text>
        <View className="nx-chips">
          {FACILITIES.map((f) => {
            const on = form.facilities.includes(f);
            return (
              <View
                key={f}
                className={`nx-chip nx-housing-apartment__facility--${f}${on ? ' nx-chip--selected' : ''}`}
                onClick={() =>
                  set({ facilities: on ? form.facilities.filter((x) => x !== f) : [...form.facilities, f] })
                }
              >
                <Text>{FACILITY_LABELS[f]}</Text>
              </View>
            );
          })}
        </View>
        {id ? (
          <>
            <Text className="nx-admin__label">接受申请</Text>
            <View className="nx-chips">
              <View
                className={`nx-chip nx-housing-apartment__open${form.active ? ' nx-chip--selected' : ''}`}
                onClick={() => set({ active: true })}
              >
                <Text>开放申请</Text>
              </View>
              <View
                className={`nx-chip nx-housing-apartment__closed${form.active ? '' : ' nx-chip--selected'}`}
                onClick={() => set({ active: false })}
              >
                <Text>暂停（骑手搜不到）</Text>
              </View>
            </View>
          </>
        ) : null}
        {save.notice()}
        {saved ? <Text className="nx-admin__ok nx-housing-apartment__saved">{saved}</Text> : null}
        <View className="nx-admin__actions">
          <Button
            className="nx-button nx-button--primary nx-housing-apartment__submit"
            disabled={save.running || undefined}
            onClick={() => void submit()}
          >
            {id ? '保存' : '登记公寓'}
          </Button>
          {id ? (
            <Button
              className="nx-button nx-button--secondary nx-housing-apartment__rooms"
              onClick={() => void Taro.navigateTo({ url: `${ROUTES.staffHousingBeds}?apartmentId=${id}` })}
            >
              房间与床位
            </Button>
          ) : null}
        </View>
      </View>
      {id && photos ? <ApartmentPhotos key={id} apartmentId={id} initial={photos} /> : null}
    </PageShell>
  );
}
