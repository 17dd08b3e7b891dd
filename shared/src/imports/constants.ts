// Client-safe constants of bulk imports: no imports, `as const` only (the mini-program bundles this).

/** What can be imported: communities (with their gates and agreements) and stations. */
export const IMPORT_KINDS = ['communities', 'stations'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS = {
  communities: '小区（含门岗与共建协议）',
  stations: '驿站',
} as const satisfies Record<ImportKind, string>;

/**
 * checking → checked (the dry run's report) → importing → done; failed when the file or the
 * write could not be finished (nothing written).
 */
export const IMPORT_STATUSES = ['checking', 'checked', 'importing', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_STATUS_LABELS = {
  checking: '正在检查',
  checked: '检查完成',
  importing: '正在导入',
  done: '导入完成',
  failed: '导入失败',
} as const satisfies Record<ImportStatus, string>;

/** Files accepted by an import, by kind. */
export const IMPORT_FILE_FORMATS = {
  communities: ['csv', 'xlsx'],
  stations: ['csv', 'geojson', 'xlsx'],
} as const;

/**
 * The communities template: one row per community, its gates and one agreement (or one per
 * platform) in columns. The header is Chinese, as district staff keep their lists.
 */
export const COMMUNITY_COLUMNS = [
  { key: 'code', header: '小区编码', required: true, example: 'CY-WJ-001', note: '全区唯一，重复导入同一编码会被拒绝' },
  { key: 'name', header: '小区名称', required: true, example: '望京花园', note: '' },
  { key: 'address', header: '地址', required: false, example: '朝阳区望京街道望京西路 1 号', note: '' },
  { key: 'lng', header: '经度', required: true, example: '116.4701', note: 'GCJ-02（高德/腾讯地图坐标）' },
  { key: 'lat', header: '纬度', required: true, example: '39.9961', note: 'GCJ-02' },
  { key: 'propertyCompany', header: '物业公司', required: false, example: '望京物业', note: '' },
  {
    key: 'streetCode',
    header: '街道编码',
    required: false,
    example: '',
    note: '留空则按街道边界自动判断所属街道',
  },
  {
    key: 'gates',
    header: '门岗',
    required: false,
    example: '东门:人工; 北门:智能@116.4712,39.9970',
    note: '多个门岗用分号分隔；名称:人工/智能，可加 @经度,纬度（默认小区位置）',
  },
  {
    key: 'platforms',
    header: '协议平台',
    required: false,
    example: '美团、饿了么',
    note: '准入的配送平台，用顿号或逗号分隔，每个平台一份协议；留空则不建协议',
  },
  {
    key: 'stationName',
    header: '协议站点',
    required: false,
    example: '',
    note: '只准入该站点的骑手；留空为该平台全部站点',
  },
  { key: 'startsOn', header: '协议开始日期', required: false, example: '2026-01-01', note: '填了协议平台时必填' },
  { key: 'endsOn', header: '协议结束日期', required: false, example: '2026-12-31', note: '留空为长期' },
  { key: 'approval', header: '审批方式', required: false, example: '自动', note: '自动 或 人工（默认人工审核）' },
  { key: 'communitySignatory', header: '社区签约人', required: false, example: '张三', note: '' },
  { key: 'propertySignatory', header: '物业签约人', required: false, example: '李四', note: '' },
  { key: 'platformSignatory', header: '平台签约人', required: false, example: '王五', note: '' },
] as const;
export type CommunityColumnKey = (typeof COMMUNITY_COLUMNS)[number]['key'];

/** Stable codes of a bad row (the message next to it is Chinese). */
export const ROW_ERROR_CODES = [
  'REQUIRED',
  'TOO_LONG',
  'NOT_A_NUMBER',
  'COORDINATE_OUT_OF_RANGE',
  'DATE_INVALID',
  'DATE_ORDER',
  'PLATFORM_UNKNOWN',
  'APPROVAL_UNKNOWN',
  'GATE_INVALID',
  'DUPLICATE_IN_FILE',
  'CODE_EXISTS',
  'STREET_UNKNOWN',
  'STREET_INACTIVE',
  'OUTSIDE_STREETS',
  'OUT_OF_SCOPE',
  'STATION_INVALID',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

/** At most this many rows in one file. */
export const IMPORT_MAX_ROWS = 10_000;
