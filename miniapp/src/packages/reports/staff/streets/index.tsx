import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { createElement, useState } from 'react';
import type { BoundaryImportResult, StreetSummary } from '@nuanxin/shared/geo/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { IS_H5 } from '../../../../env';
import { ROUTES } from '../../../../routes';
import { routingApi } from '../../../../services/reports';
import { useSession } from '../../../../services/session';
import '../../../../styles/admin.css';

/** weapp: a file sent to the admin in a chat (the only place a mini-program can read files from). */
async function chooseWeappFile(): Promise<{ name: string; content: string } | null> {
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['geojson', 'json'] });
    const file = res.tempFiles[0];
    if (!file) return null;
    const content = await new Promise<string>((resolve, reject) =>
      Taro.getFileSystemManager().readFile({
        filePath: file.path,
        encoding: 'utf8',
        success: (r) => resolve(r.data as string),
        fail: reject,
      }),
    );
    return { name: file.name, content };
  } catch (err) {
    if (/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) return null;
    throw new Error('无法读取文件，请重试');
  }
}

/**
 * The streets a staff member manages: each opens its teams and category routing; district admins
 * also upload street boundaries (GeoJSON, GCJ-02), checked first and written only when confirmed.
 */
export default function StaffStreetsPage() {
  const { user } = useSession();
  const [streets, setStreets] = useState<StreetSummary[] | null>(null);
  const listing = useAction({ anyError: true });
  // Validating and applying a boundary file; reading the file throws Errors with Chinese messages.
  const upload = useAction({ anyError: true });
  const busy = upload.running;
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [check, setCheck] = useState<BoundaryImportResult | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const admin = user?.role === 'district_admin';

  const load = () => listing.run(async () => setStreets((await routingApi.streets()).items));
  useDidShow(() => void load());

  async function validate(picked: { name: string; content: string }) {
    setFile(picked);
    setCheck(null);
    setDone(null);
    await upload.run(async () => setCheck(await routingApi.uploadBoundaries(picked.content, true)), '文件校验失败');
  }

  async function apply() {
    if (!file) return;
    await upload.run(async () => {
      const result = await routingApi.uploadBoundaries(file.content, false);
      setDone(`已更新 ${result.updated} 个街道的边界。之后的上报按新边界分派，已有的上报不变。`);
      setCheck(null);
      setFile(null);
      await load();
    }, '上传失败，请重试');
  }

  const onH5File = (event: { target: { files?: FileList | null; value: string } }) => {
    const f = event.target.files?.[0];
    event.target.value = '';
    if (f) void f.text().then((content) => validate({ name: f.name, content }));
  };

  return (
    <PageShell title="街道边界与分派" className="nx-staff-streets">
      <Text className="nx-title">{admin ? '街道边界与分派' : '队伍与分派'}</Text>
      {upload.notice() ?? listing.notice()}
      {done ? <Text className="nx-admin__ok nx-boundaries__done">{done}</Text> : null}

      {admin ? (
        <View className="nx-card nx-boundaries">
          <Text className="nx-card__title">上传街道边界</Text>
          <Text className="nx-admin__hint">
            GeoJSON 文件（GCJ-02 坐标），每个面的 properties.code
            为街道编号。先校验，确认后才写入；任一街道有误则全部不写入。
          </Text>
          {IS_H5 ? (
            <View className="nx-admin__file">
              <Text>{file ? `已选：${file.name}` : '＋ 选择 GeoJSON 文件'}</Text>
              {createElement('input', {
                className: 'nx-admin__file-input nx-boundaries__input',
                type: 'file',
                accept: '.geojson,.json,application/geo+json,application/json',
                'aria-label': '选择 GeoJSON 文件',
                onChange: onH5File,
              })}
            </View>
          ) : (
            <Button
              className="nx-button nx-button--secondary"
              disabled={busy || undefined}
              onClick={() =>
                void chooseWeappFile().then(
                  (f) => f && validate(f),
                  (e: Error) => upload.fail(e.message),
                )
              }
            >
              {file ? `已选：${file.name}（重新选择）` : '从聊天记录选择 GeoJSON 文件'}
            </Button>
          )}
          {busy && !check ? <Text className="nx-admin__hint">正在校验…</Text> : null}
          {check ? (
            <View className="nx-boundaries__check">
              <Text className="nx-admin__ok">校验通过，将更新 {check.streets.length} 个街道：</Text>
              {check.streets.map((s) => (
                <Text key={s.code} className="nx-card__text">
                  {s.name}（{s.code}）· {s.points} 个点
                </Text>
              ))}
              <Button
                className="nx-button nx-button--primary nx-boundaries__apply"
                disabled={busy || undefined}
                onClick={() => void apply()}
              >
                确认写入
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}

      {streets && streets.length === 0 ? <Text className="nx-subtitle">你没有负责的街道</Text> : null}
      {(streets ?? []).map((s) => (
        <View
          key={s.id}
          className="nx-card nx-street"
          onClick={() => void Taro.navigateTo({ url: `${ROUTES.staffRouting}?streetId=${s.id}` })}
        >
          <Text className="nx-card__title">{s.name}</Text>
          <Text className="nx-card__text">
            {s.code} · {s.hasBoundary ? '已有边界' : '没有边界（该街道的上报进入区级队列）'}
          </Text>
          <Text className="nx-admin__go">队伍与分派 ›</Text>
        </View>
      ))}
    </PageShell>
  );
}
