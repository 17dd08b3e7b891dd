import Taro from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import {
  CASE_KIND_LABELS,
  CASE_KINDS,
  CONTACT_PREFERENCE_LABELS,
  CONTACT_PREFERENCES,
  DESCRIPTION_MAX,
  MAX_ATTACHMENTS,
  OTHER_PARTY_MAX,
  REQUEST_MAX,
  type CaseKind,
  type ContactPreference,
} from '@nuanxin/shared/legal/constants';
import type { LegalOptions } from '@nuanxin/shared/legal/schemas';
import { PageShell } from '../../../components/PageShell';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { useAction } from '../../../components/useAction';
import { attachPhotos, caseUrl, legalApi } from '../../../services/legal';
import type { LocalPhoto } from '../../../services/reports';
import { askLegalSubscriptions } from '../../../services/subscriptions';
import '../styles/legal.css';

/** 我要求助: the kind, what happened, the other party, what the rider wants, photos, how to reach them. */
export default function NewCasePage() {
  const [options, setOptions] = useState<LegalOptions | null>(null);
  const [kind, setKind] = useState<CaseKind | null>(null);
  const [description, setDescription] = useState('');
  const [otherParty, setOtherParty] = useState('');
  const [request, setRequest] = useState('');
  const [contact, setContact] = useState<ContactPreference>('phone');
  const [phone, setPhone] = useState('');
  const [districtId, setDistrictId] = useState<string | null>(null);
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const loading = useAction({ anyError: true });
  const sending = useAction({ fallback: '提交失败，请重试' });

  useEffect(() => {
    void loading.run(async () => {
      const o = await legalApi.options();
      setOptions(o);
      setDistrictId(o.defaultDistrictId ?? (o.districts.length === 1 ? o.districts[0]!.id : null));
    });
  }, []);

  async function submit() {
    if (!kind) return sending.fail('请选择纠纷类型');
    if (!description.trim()) return sending.fail('请写下事情经过');
    if (!request.trim()) return sending.fail('请写下你的诉求');
    if (!districtId) return sending.fail('请选择调解中心所在的区');
    const typed = phone.trim();
    if (contact === 'phone' && !typed && !options?.phoneMasked) return sending.fail('选择电话联系时请填写联系电话');
    // Asked first, in the tap itself (WeChat allows the request only from a user's tap).
    const subscriptions = await askLegalSubscriptions();
    await sending.run(async () => {
      const { case: opened } = await legalApi.open({
        kind,
        description: description.trim(),
        otherParty: otherParty.trim(),
        request: request.trim(),
        contactPreference: contact,
        ...(typed ? { contactPhone: typed } : {}),
        districtId,
        ...(subscriptions.length > 0 ? { subscriptions } : {}),
      });
      if (photos.length > 0) await attachPhotos(opened.id, photos);
      void Taro.redirectTo({ url: caseUrl(opened.id) });
    });
  }

  return (
    <PageShell title="我要求助" className="nx-legal nx-legal-new">
      {loading.notice()}
      <Text className="nx-legal__label">纠纷类型</Text>
      <View className="nx-legal__chips">
        {CASE_KINDS.map((k) => (
          <Button
            key={k}
            className={`nx-legal__chip${kind === k ? ' nx-legal__chip--on' : ''}`}
            onClick={() => setKind(k)}
          >
            {CASE_KIND_LABELS[k]}
          </Button>
        ))}
      </View>
      <Text className="nx-legal__label">事情经过</Text>
      <Textarea
        className="nx-legal__text nx-legal-new__description"
        value={description}
        maxlength={DESCRIPTION_MAX}
        placeholder="什么时间、在哪里、发生了什么"
        onInput={(e) => setDescription(e.detail.value)}
      />
      <Text className="nx-legal__label">对方是谁</Text>
      <Input
        className="nx-legal__input nx-legal-new__party"
        value={otherParty}
        maxlength={OTHER_PARTY_MAX}
        placeholder="例如：某配送站站长、某平台（可不填）"
        onInput={(e) => setOtherParty(e.detail.value)}
      />
      <Text className="nx-legal__label">你的诉求</Text>
      <Textarea
        className="nx-legal__text nx-legal-new__request"
        value={request}
        maxlength={REQUEST_MAX}
        placeholder="希望得到什么结果"
        onInput={(e) => setRequest(e.detail.value)}
      />
      <Text className="nx-legal__label">照片或截图（可选，最多 {MAX_ATTACHMENTS} 张）</Text>
      <Text className="nx-legal__hint">工资条、聊天记录、事故现场等；只有调解中心能看到</Text>
      <PhotoPicker photos={photos} max={MAX_ATTACHMENTS} onChange={setPhotos} onError={sending.fail} label="添加" />
      <Text className="nx-legal__label">怎么联系你</Text>
      <View className="nx-legal__chips">
        {CONTACT_PREFERENCES.map((c) => (
          <Button
            key={c}
            className={`nx-legal__chip${contact === c ? ' nx-legal__chip--on' : ''}`}
            onClick={() => setContact(c)}
          >
            {CONTACT_PREFERENCE_LABELS[c]}
          </Button>
        ))}
      </View>
      <Input
        className="nx-legal__input nx-legal-new__phone"
        type="number"
        value={phone}
        maxlength={11}
        placeholder={options?.phoneMasked ? `默认 ${options.phoneMasked}，可换一个号码` : '联系电话'}
        onInput={(e) => setPhone(e.detail.value)}
      />
      {options && options.districts.length > 1 ? (
        <>
          <Text className="nx-legal__label">调解中心</Text>
          <View className="nx-legal__chips">
            {options.districts.map((d) => (
              <Button
                key={d.id}
                className={`nx-legal__chip${districtId === d.id ? ' nx-legal__chip--on' : ''}`}
                onClick={() => setDistrictId(d.id)}
              >
                {d.name}
              </Button>
            ))}
          </View>
        </>
      ) : null}
      {sending.notice()}
      <Button
        className="nx-button nx-button--primary nx-legal-new__submit"
        loading={sending.running}
        disabled={sending.running || undefined}
        onClick={() => void submit()}
      >
        提交给调解中心
      </Button>
    </PageShell>
  );
}
