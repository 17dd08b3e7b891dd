import { Button, Text, View } from '@tarojs/components';
import { COMMUNITY_COLUMNS } from '@nuanxin/shared/imports/constants';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { importsApi } from '../../../../services/imports';
import { ImportPanel } from '../../components/ImportPanel';
import '../../../../styles/admin.css';

/** 批量导入小区: the template, then upload → dry run report → confirm → progress → result. */
export default function ImportCommunitiesPage() {
  const download = useAction({ anyError: true });
  return (
    <PageShell title="批量导入小区" className="nx-import-communities">
      <Text className="nx-title">批量导入小区</Text>
      <View className="nx-card">
        <Text className="nx-card__title">一行一个小区，含门岗与共建协议</Text>
        <Text className="nx-admin__hint">
          必填列：
          {COMMUNITY_COLUMNS.filter((c) => c.required)
            .map((c) => c.header)
            .join('、')}
          。所属街道按街道边界自动判断；门岗写成“东门:人工;
          北门:智能”；每个协议平台建一份协议。已存在的小区编码不会被覆盖。
        </Text>
        {download.notice()}
        <View className="nx-admin__actions">
          <Button
            className="nx-button nx-button--secondary"
            onClick={() => void download.run(() => importsApi.template('xlsx'), '下载失败，请重试')}
          >
            下载 Excel 模板
          </Button>
          <Button
            className="nx-button nx-button--secondary"
            onClick={() => void download.run(() => importsApi.template('csv'), '下载失败，请重试')}
          >
            下载 CSV 模板
          </Button>
        </View>
      </View>
      <Text className="nx-admin__hint">先检查、不写入；全部正确（或选择跳过错误行）后确认，才会写入。</Text>
      <ImportPanel kind="communities" />
    </PageShell>
  );
}
