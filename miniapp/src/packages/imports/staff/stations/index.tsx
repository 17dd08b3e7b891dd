import { Text, View } from '@tarojs/components';
import { PageShell } from '../../../../components/PageShell';
import { ImportPanel } from '../../components/ImportPanel';
import '../../../../styles/admin.css';

/** 批量上传驿站: CSV / Excel / GeoJSON, upserted by external id, with the same report and progress. */
export default function ImportStationsPage() {
  return (
    <PageShell title="批量上传驿站" className="nx-import-stations">
      <Text className="nx-title">批量上传驿站</Text>
      <View className="nx-card">
        <Text className="nx-admin__hint">
          CSV、Excel（.xlsx）或 GeoJSON。必填列 external_id、name、type、lng、lat；按 external_id
          新增或更新。先检查、不写入；确认后才写入。
        </Text>
      </View>
      <ImportPanel kind="stations" />
    </PageShell>
  );
}
