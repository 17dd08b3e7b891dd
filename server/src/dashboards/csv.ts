import { DENY_REASONS } from '@nuanxin/shared/access/constants';
import type {
  AccessDashboardTable,
  PointsDashboardTable,
  ReportDashboardTable,
} from '@nuanxin/shared/dashboards/constants';
import { REPORT_TIME_STEP_LABELS, REPORT_TIME_STEPS } from '@nuanxin/shared/dashboards/constants';
import type { StationsDashboardTable } from '@nuanxin/shared/dashboards/constants';
import type {
  AccessDashboard,
  PointsDashboard,
  ReportDashboard,
  StationsDashboard,
} from '@nuanxin/shared/dashboards/schemas';
import { AMENITY_LABELS, STATION_TYPE_LABELS } from '@nuanxin/shared/stations/constants';
import { csvCell } from '../platform/csv.js';

type Cell = string | number | null;

/** UTF-8 with BOM so Excel reads the Chinese; every cell through csvCell (quoted, formula-safe). */
function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

const STATE_LABELS: Record<string, string> = {
  submitted: '待受理',
  accepted: '已受理',
  dispatched: '已派单',
  on_site: '已到场',
};

/** One table of the 随手拍 dashboard as CSV. */
export function reportTableCsv(d: ReportDashboard, table: ReportDashboardTable): string {
  switch (table) {
    case 'daily':
      return toCsv(
        ['日期', '上报', '受理', '修复'],
        d.daily.map((r) => [r.day, r.filed, r.accepted, r.fixed]),
      );
    case 'times':
      return toCsv(
        ['环节', '件数', '中位数（分钟）', '90分位（分钟）', '时限中位数（分钟）', '按时完成'],
        REPORT_TIME_STEPS.map((k) => {
          const s = d.times[k];
          return [REPORT_TIME_STEP_LABELS[k], s.count, s.p50, s.p90, s.deadline, s.withinDeadline];
        }),
      );
    case 'categories':
      return toCsv(
        ['类别', '上报', '其中已修复'],
        d.byCategory.map((c) => [c.name, c.filed, c.fixed]),
      );
    case 'streets':
      return toCsv(
        ['街道', '上报', '修复', '按时修复', '当前未办结', '当前超时', '受理中位数（分钟）', '修复90分位（分钟）'],
        d.streets.map((s) => [
          s.name,
          s.filed,
          s.fixed,
          s.fixedWithinDeadline,
          s.openNow,
          s.overdueNow,
          s.p50ToAccept,
          s.p90ToFix,
        ]),
      );
    case 'overdue':
      return toCsv(
        ['编号', '类别', '状态', '街道', '时限', '已超时（分钟）'],
        d.overdue.map((r) => [
          r.id,
          r.category,
          STATE_LABELS[r.state] ?? r.state,
          r.streetName ?? '区级',
          r.dueAt,
          r.overdueMinutes,
        ]),
      );
  }
}

const reasonLabel = (code: string) => (DENY_REASONS as Record<string, { message: string }>)[code]?.message ?? code;

/** One table of the 暖新码 dashboard as CSV. */
export function accessTableCsv(d: AccessDashboard, table: AccessDashboardTable): string {
  switch (table) {
    case 'daily':
      return toCsv(
        ['日期', '扫码', '拒绝'],
        d.daily.map((r) => [r.day, r.scans, r.refusals]),
      );
    case 'hours':
      return toCsv(
        ['时段', '扫码', '拒绝'],
        d.byHour.map((r) => [`${String(r.hour).padStart(2, '0')}:00`, r.scans, r.refusals]),
      );
    case 'communities':
      return toCsv(
        ['社区', '街道', '扫码', '拒绝'],
        d.byCommunity.map((r) => [r.name, r.streetName, r.scans, r.refusals]),
      );
    case 'reasons':
      return toCsv(
        ['拒绝原因', '次数'],
        d.reasons.map((r) => [reasonLabel(r.reason), r.count]),
      );
    case 'passes': {
      const p = d.passes;
      return toCsv(
        ['申请', '通过', '未通过', '待审核', '已决定', '决定用时中位数（分钟）', '决定用时90分位（分钟）'],
        [[p.applied, p.approved, p.rejected, p.pending, p.decided, p.p50DecisionMinutes, p.p90DecisionMinutes]],
      );
    }
  }
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** One table of the 积分 dashboard as CSV. */
export function pointsTableCsv(d: PointsDashboard, table: PointsDashboardTable): string {
  switch (table) {
    case 'months':
      return toCsv(
        [
          '月份',
          '发放',
          '已兑换',
          '已过期',
          '冲正',
          '注销清零',
          '月末未使用',
          '本辖区商户核销（张）',
          '本辖区商户核销（分）',
        ],
        d.monthly.map((m) => [
          m.month,
          m.issued,
          m.redeemed,
          m.expired,
          m.reversed,
          m.forfeited,
          m.outstandingEnd,
          m.shopVouchers,
          m.shopPoints,
        ]),
      );
    case 'rules':
      return toCsv(
        ['获得方式', '发放积分'],
        d.byRule.map((r) => [r.label, r.issued]),
      );
    case 'shops':
      return toCsv(
        ['商户', '街道', '核销（张）', '积分', '应结算（元）', '未定结算价（张）'],
        d.shops.map((s) => [s.name, s.streetName, s.vouchers, s.points, yuan(s.settlementFen), s.unpriced]),
      );
  }
}

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const typeLabel = (t: string) => (STATION_TYPE_LABELS as Record<string, string>)[t] ?? t;
const amenityLabel = (a: string) => (AMENITY_LABELS as Record<string, string>)[a] ?? a;

/** One table of the 驿站覆盖 dashboard as CSV (shares in per cent, one decimal). */
export function stationsTableCsv(d: StationsDashboard, table: StationsDashboardTable): string {
  switch (table) {
    case 'streets':
      return toCsv(
        ['街道', '社区', '覆盖社区', '社区覆盖率（%）', '网格数', '覆盖网格数', '面积覆盖率（%）'],
        d.streets.map((s) => [
          s.name,
          s.communities,
          s.coveredCommunities,
          pct(s.communityShare),
          s.cells,
          s.coveredCells,
          pct(s.areaShare),
        ]),
      );
    case 'uncovered':
      return toCsv(
        ['社区', '街道', '纬度', '经度', '最近的24小时驿站', '直线距离（米）'],
        d.uncovered.map((c) => [c.name, c.streetName, c.lat, c.lng, c.nearestStationName, c.distanceM]),
      );
    case 'types':
      return toCsv(
        ['类型', '合计', '开放', '关闭', '开放且24小时'],
        d.byType.map((t) => [typeLabel(t.type), t.total, t.open, t.closed, t.open24h]),
      );
    case 'amenities':
      return toCsv(
        ['设施', '开放驿站', '关闭驿站'],
        d.byAmenity.map((a) => [amenityLabel(a.amenity), a.open, a.closed]),
      );
  }
}
