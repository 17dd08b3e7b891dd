import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { createElement, useEffect, useRef, useState } from 'react';
import { IMPORT_STATUS_LABELS, type ImportKind } from '@nuanxin/shared/imports/constants';
import type { ImportRun } from '@nuanxin/shared/imports/schemas';
import { useAction } from '../../../../components/useAction';
import { IS_H5 } from '../../../../env';
import { importsApi, type PickedFile } from '../../../../services/imports';
import './index.css';

const EXTENSIONS: Record<ImportKind, string[]> = {
  communities: ['csv', 'xlsx'],
  stations: ['csv', 'xlsx', 'geojson', 'json'],
};

/** weapp: a file sent in a chat (the only place a mini-program reads files from). */
async function chooseWeappFile(kind: ImportKind): Promise<PickedFile | null> {
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: EXTENSIONS[kind] });
    const f = res.tempFiles[0];
    return f ? { name: f.name, size: f.size, path: f.path } : null;
  } catch (err) {
    if (/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) return null;
    throw new Error('无法读取文件，请重试');
  }
}

const percent = (run: ImportRun) =>
  run.progress.total > 0 ? Math.min(100, Math.round((run.progress.done / run.progress.total) * 100)) : 0;

/**
 * Upload → the dry run's report (bad rows by line and column) → confirm (optionally skipping the
 * bad rows) → a progress bar while it writes → the result. Polls the run while it is busy.
 */
export function ImportPanel({ kind, onDone }: { kind: ImportKind; onDone?: (run: ImportRun) => void }) {
  const action = useAction({ anyError: true });
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const [run, setRun] = useState<ImportRun | null>(null);
  const [skipBad, setSkipBad] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const busy = run?.status === 'checking' || run?.status === 'importing';

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  // Follow a busy run every 0.6 s until it settles.
  useEffect(() => {
    if (!run || !busy) return;
    timer.current = setTimeout(() => {
      importsApi.get(run.id).then(
        (next) => {
          setRun(next);
          if (next.status === 'done') onDone?.(next);
        },
        () => setRun({ ...run }), // try again on the next tick
      );
    }, 600);
  }, [run, busy]);

  async function start(file: PickedFile) {
    setPicked(file);
    setRun(null);
    setSkipBad(false);
    await action.run(async () => setRun(await importsApi.upload(kind, file)), '上传失败，请重试');
  }

  async function confirm() {
    if (!run) return;
    await action.run(async () => setRun(await importsApi.commit(run.id, skipBad)), '导入失败，请重试');
  }

  const onH5File = (event: { target: { files?: FileList | null; value: string } }) => {
    const f = event.target.files?.[0];
    event.target.value = '';
    if (f) void start({ name: f.name, size: f.size, file: f });
  };

  const accept = EXTENSIONS[kind].map((e) => `.${e}`).join(',');
  const canConfirm = run?.status === 'checked' && run.good > 0 && (run.bad === 0 || skipBad);

  return (
    <View className="nx-import">
      {action.notice()}
      {!busy ? (
        IS_H5 ? (
          <View className="nx-import__file">
            <Text>{picked ? `已选：${picked.name}（重新选择）` : `＋ 选择文件（${accept}）`}</Text>
            {createElement('input', {
              className: 'nx-import__file-input',
              type: 'file',
              accept,
              'aria-label': '选择导入文件',
              onChange: onH5File,
            })}
          </View>
        ) : (
          <Button
            className="nx-button nx-button--secondary"
            disabled={action.running || undefined}
            onClick={() =>
              void chooseWeappFile(kind).then(
                (f) => f && start(f),
                (e: Error) => action.fail(e.message),
              )
            }
          >
            {picked ? `已选：${picked.name}（重新选择）` : '从聊天记录选择文件'}
          </Button>
        )
      ) : null}
      {action.running && !run ? <Text className="nx-import__hint">正在上传…</Text> : null}

      {run ? (
        <View className="nx-card nx-import__run">
          <View className="nx-import__head">
            <Text className="nx-card__title">{run.fileName}</Text>
            <Text className={`nx-import__status nx-import__status--${run.status}`}>
              {IMPORT_STATUS_LABELS[run.status]}
            </Text>
          </View>
          {busy ? (
            <View className="nx-import__progress">
              <View className="nx-import__bar" role="progressbar" aria-valuenow={percent(run)}>
                <View className="nx-import__fill" style={{ width: `${percent(run)}%` }} />
              </View>
              <Text className="nx-import__hint">
                {run.status === 'checking' ? '正在逐行检查' : '正在写入'} {run.progress.done}/{run.progress.total}（
                {percent(run)}%）
              </Text>
            </View>
          ) : null}

          {run.status === 'checked' || run.status === 'done' ? (
            <Text className="nx-import__summary">
              共 {run.rows} 行：正确 {run.good} 行，错误 {run.bad} 行
            </Text>
          ) : null}
          {run.error ? <Text className="nx-import__error">{run.error.message}</Text> : null}

          {run.badRows.length > 0 ? (
            <View className="nx-import__table">
              <View className="nx-import__tr nx-import__tr--head">
                <Text className="nx-import__td nx-import__td--line">行</Text>
                <Text className="nx-import__td nx-import__td--col">列</Text>
                <Text className="nx-import__td">问题</Text>
              </View>
              {run.badRows.map((b) => (
                <View key={`${b.line}-${b.column}`} className="nx-import__tr">
                  <Text className="nx-import__td nx-import__td--line">{b.line}</Text>
                  <Text className="nx-import__td nx-import__td--col">{b.column}</Text>
                  <Text className="nx-import__td">{b.message}</Text>
                </View>
              ))}
              {run.bad > run.badRows.length ? (
                <Text className="nx-import__hint">只列出前 {run.badRows.length} 行错误</Text>
              ) : null}
            </View>
          ) : null}

          {run.status === 'checked' ? (
            <View className="nx-import__confirm">
              {run.bad > 0 ? (
                <View
                  className={`nx-import__skip${skipBad ? ' nx-import__skip--on' : ''}`}
                  role="checkbox"
                  aria-checked={skipBad}
                  onClick={() => setSkipBad(!skipBad)}
                >
                  <Text className="nx-import__box">{skipBad ? '✓' : ''}</Text>
                  <Text>
                    跳过 {run.bad} 个错误行，只导入正确的 {run.good} 行
                  </Text>
                </View>
              ) : (
                <Text className="nx-import__ok">检查通过，确认后写入。</Text>
              )}
              {run.bad > 0 && !skipBad ? (
                <Text className="nx-import__hint">
                  有错误行时不会写入任何数据：请修正文件后重新选择，或勾选跳过错误行。
                </Text>
              ) : null}
              <Button
                className="nx-button nx-button--primary nx-import__go"
                disabled={!canConfirm || action.running || undefined}
                onClick={() => void confirm()}
              >
                确认导入 {run.good} 行
              </Button>
            </View>
          ) : null}

          {run.status === 'done' ? (
            <Text className="nx-import__ok">
              导入完成：新增 {run.inserted} 条{run.updated ? `，更新 ${run.updated} 条` : ''}
              {run.skipped ? `，跳过 ${run.skipped} 行` : ''}。
            </Text>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
