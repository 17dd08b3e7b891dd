import Taro from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { COMMENT_MAX, MAX_ATTACHMENTS, NOTE_MAX } from '@nuanxin/shared/legal/constants';
import type { CaseDetail } from '@nuanxin/shared/legal/schemas';
import { PageShell } from '../../../components/PageShell';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { useAction } from '../../../components/useAction';
import { attachPhotos, legalApi } from '../../../services/legal';
import type { LocalPhoto } from '../../../services/reports';
import { formatDateTime } from '../../../utils/format';
import { CaseBody } from '../components/CaseBody';
import '../styles/legal.css';

/**
 * The rider's case: its progress, more photos while open, then 评价 and 重新申请调处.
 * `disabled={x || undefined}`: Taro's H5 button writes disabled="false", which its CSS greys out.
 */
export default function CasePage() {
  const { params } = Taro.useRouter();
  const id = params.id ?? '';
  const [c, setCase] = useState<CaseDetail | null>(null);
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const loading = useAction({ anyError: true });
  const acting = useAction({ fallback: '操作失败，请重试' });
  const load = () => loading.run(async () => setCase(await legalApi.detail(id)));
  useEffect(() => {
    void load();
  }, [id]);

  if (!c)
    return (
      <PageShell title="案件进展">{loading.error ? loading.notice(() => void load()) : <Text>加载中…</Text>}</PageShell>
    );

  const rate = () =>
    stars < 1
      ? acting.fail('请选择评分')
      : void acting.run(async () => setCase(await legalApi.rate(id, stars, comment.trim())));
  const reopen = () =>
    !reason.trim()
      ? acting.fail('请填写重新申请的理由')
      : void acting.run(async () => {
          setCase(await legalApi.reopen(id, reason.trim()));
          setReason('');
        });
  const upload = () =>
    void acting.run(async () => {
      setCase(await attachPhotos(id, photos));
      setPhotos([]);
    });

  return (
    <PageShell title="案件进展" className="nx-legal nx-legal-case">
      <CaseBody c={c} />
      {acting.notice()}
      {c.can.attach && c.attachments.length < MAX_ATTACHMENTS ? (
        <View className="nx-card">
          <Text className="nx-card__title">补充照片或截图</Text>
          <PhotoPicker
            photos={photos}
            max={MAX_ATTACHMENTS - c.attachments.length}
            onChange={setPhotos}
            onError={acting.fail}
            label="添加"
          />
          {photos.length > 0 ? (
            <Button className="nx-button nx-button--secondary" disabled={acting.running || undefined} onClick={upload}>
              上传 {photos.length} 张
            </Button>
          ) : null}
        </View>
      ) : null}
      {c.can.rate ? (
        <View className="nx-card nx-legal-case__rate">
          <Text className="nx-card__title">评价这次调处</Text>
          <View className="nx-legal__stars">
            {[1, 2, 3, 4, 5].map((n) => (
              <Button
                key={n}
                className={`nx-legal__star${n <= stars ? ' nx-legal__star--on' : ''}`}
                onClick={() => setStars(n)}
              >
                ★
              </Button>
            ))}
          </View>
          <Textarea
            className="nx-legal__text nx-legal-case__comment"
            value={comment}
            maxlength={COMMENT_MAX}
            placeholder="说说你的感受（可不填）"
            onInput={(e) => setComment(e.detail.value)}
          />
          <Button
            className="nx-button nx-button--primary nx-legal-case__rate-submit"
            disabled={acting.running || undefined}
            onClick={rate}
          >
            提交评价
          </Button>
        </View>
      ) : null}
      {c.can.reopen && c.reopenUntil ? (
        <View className="nx-card">
          <Text className="nx-card__title">问题没有解决？</Text>
          <Text className="nx-card__text">{formatDateTime(c.reopenUntil)} 前可以重新申请调处。</Text>
          <Textarea
            className="nx-legal__text"
            value={reason}
            maxlength={NOTE_MAX}
            placeholder="为什么需要重新调处"
            onInput={(e) => setReason(e.detail.value)}
          />
          <Button
            className="nx-button nx-button--secondary nx-legal-case__reopen"
            disabled={acting.running || undefined}
            onClick={reopen}
          >
            重新申请调处
          </Button>
        </View>
      ) : null}
    </PageShell>
  );
}
