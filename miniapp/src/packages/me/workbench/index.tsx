import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import { isStaffRole, ROLE_LABELS, type StaffRole } from '@nuanxin/shared/auth/constants';
import { PageShell } from '../../../components/PageShell';
import { openRoute, ROUTES } from '../../../routes';
import { goToLogin, useSession } from '../../../services/session';
import { scopeLines } from '../../../utils/scope';
import './index.css';

interface Section {
  title: string;
  text: string;
  /** Set once the feature has landed: the section opens its page. */
  url?: string;
}

// What each role will find here; each section becomes its own page group as the features land.
const SECTIONS: Record<StaffRole, readonly Section[]> = {
  community_admin: [
    { title: '骑手申请审核', text: '审核骑手的通行申请', url: ROUTES.staffReview },
    { title: '查验骑手码', text: '人工门岗扫骑手的暖新码', url: ROUTES.staffCheck },
    { title: '门岗与暖新码', text: '登记门岗，打印门岗码', url: ROUTES.staffGates },
    { title: '楼栋指引', text: '楼栋入口位置、停车区、转运点，骑手进门后可导航', url: ROUTES.staffGuide },
    { title: '通行记录', text: '查看谁在何时进出，导出', url: ROUTES.staffLog },
    { title: '共建协议', text: '本社区的三方共建协议：签订、修改、终止', url: ROUTES.orgAgreements },
    { title: '邀请同事/门岗', text: '为本社区邀请管理员同事和门岗，查看、撤销邀请码', url: ROUTES.staffInvitations },
    { title: '活动 · 课程', text: '发布活动和课程，名单、签到码、出勤导出', url: ROUTES.staffActivities },
    { title: '操作记录', text: '本小区工作人员的审核、撤销、门岗等操作，导出', url: ROUTES.staffAudit },
    { title: '随手帮任务', text: '发布送药、代购等志愿任务，确认骑手完成并发放积分', url: ROUTES.staffTasks },
    { title: '骑思妙想', text: '骑手给本社区的建议：回复、采纳或说明原因', url: ROUTES.staffSuggestions },
    { title: '微心愿', text: '骑手交给本社区的心愿：审核上墙、登记认领、标记实现', url: ROUTES.staffWishes },
  ],
  street_operator: [
    { title: '随手拍工单', text: '按紧急程度处理辖区上报：受理、派单、到场、修复', url: ROUTES.staffReports },
    { title: '随手帮任务', text: '发布送药、代购等志愿任务，确认骑手完成并发放积分', url: ROUTES.staffTasks },
    { title: '骑思妙想', text: '骑手给本街道、社区和驿站的建议：回复、采纳或说明原因', url: ROUTES.staffSuggestions },
    { title: '微心愿', text: '骑手交给本街道和社区的心愿：审核上墙、登记认领、标记实现', url: ROUTES.staffWishes },
    { title: '数据看板', text: '随手拍与通行的趋势、时限达标、超时工单，按时间段，导出', url: ROUTES.staffDashboard },
    { title: '工单地图', text: '辖区未办结的上报在哪里', url: ROUTES.staffMap },
    { title: '队伍与分派', text: '处置队伍，各类别分派给哪个队伍', url: ROUTES.staffStreets },
    { title: '骑手通行管理', text: '暂停或恢复骑手的通行资格，查看记录', url: ROUTES.staffRiders },
    { title: '通行记录', text: '辖区小区的进出记录，筛选、导出', url: ROUTES.staffLog },
    { title: '兑换奖励', text: '本街道友好商户的奖励：积分价格、名额、上下架', url: ROUTES.staffPoints },
    { title: '社区管理', text: '本街道的社区：新建、修改位置与物业、停用', url: ROUTES.orgCommunities },
    { title: '共建协议', text: '本街道各社区的三方共建协议', url: ROUTES.orgAgreements },
    { title: '友好商户', text: '本街道的友好商户：新建、修改、停用', url: ROUTES.orgShops },
    { title: '邀请处置队员', text: '邀请队员加入本街道的处置队伍，查看、撤销邀请码', url: ROUTES.staffInvitations },
    { title: '驿站管理', text: '本街道的驿站：搜索、修改、停用，批量上传', url: ROUTES.staffStationsManage },
    {
      title: '批量导入小区',
      text: '用 Excel 或 CSV 导入本街道的小区、门岗与共建协议',
      url: ROUTES.staffImportCommunities,
    },
    { title: '活动 · 课程', text: '发布活动和课程，名单、签到码、出勤导出', url: ROUTES.staffActivities },
    { title: '操作记录', text: '本街道的受理、派单、分派、发分等操作，导出', url: ROUTES.staffAudit },
  ],
  merchant: [
    { title: '扫码核销', text: '扫骑手的兑换券并核销，查看今日与本月核销', url: ROUTES.merchant },
    { title: '对账单', text: '每天、每月的核销与街道应付金额，导出 CSV', url: ROUTES.statement },
    { title: '我的奖励', text: '本店的奖励：积分价格、名额、上下架', url: ROUTES.shopRewards },
    { title: '操作记录', text: '本店奖励的修改记录', url: ROUTES.staffAudit },
  ],
  district_admin: [
    { title: '街道管理', text: '新建街道、改名、停用；上传街道边界', url: ROUTES.orgStreets },
    { title: '社区管理', text: '新建社区（按边界确定街道）、物业、停用', url: ROUTES.orgCommunities },
    { title: '共建协议', text: '三方共建协议：平台、站点、有效期、签约方，签订与终止', url: ROUTES.orgAgreements },
    { title: '友好商户', text: '新建商户（理发、洗衣、维修…）、修改、停用', url: ROUTES.orgShops },
    { title: '随手拍工单', text: '全区上报与区级队列', url: ROUTES.staffReports },
    { title: '骑思妙想', text: '骑手给本区的建议：回复、采纳或说明原因', url: ROUTES.staffSuggestions },
    { title: '数据看板', text: '各街道对比，随手拍与通行的趋势、超时工单，导出', url: ROUTES.staffDashboard },
    { title: '工单地图', text: '全区未办结的上报在哪里', url: ROUTES.staffMap },
    { title: '随手拍类别', text: '新增、改名、图标、处理时限、停用', url: ROUTES.staffCategories },
    { title: '街道边界与分派', text: '上传街道边界，管理队伍与类别分派', url: ROUTES.staffStreets },
    { title: '骑手通行管理', text: '暂停或恢复骑手的通行资格，查看记录', url: ROUTES.staffRiders },
    { title: '通行记录', text: '全区小区的进出记录，筛选、导出', url: ROUTES.staffLog },
    { title: '驿站管理', text: '搜索、修改、停用驿站，批量上传', url: ROUTES.staffStationsManage },
    { title: '批量导入小区', text: '用 Excel 或 CSV 导入小区、门岗与共建协议', url: ROUTES.staffImportCommunities },
    { title: '奖励与积分规则', text: '友好商户的奖励，本区的得分与上限', url: ROUTES.staffPoints },
    { title: '积分管理办法', text: '发布本区积分管理办法的新版本，历史版本留存', url: ROUTES.staffRulesDocument },
    {
      title: '工作人员邀请',
      text: '邀请社区、街道、商户、门岗、处置队员，查看、撤销邀请码',
      url: ROUTES.staffInvitations,
    },
    { title: '活动 · 课程', text: '发布活动和课程，名单、签到码、出勤导出', url: ROUTES.staffActivities },
    { title: '操作记录', text: '全区工作人员的每一次操作：谁、何时、改了什么，导出', url: ROUTES.staffAudit },
    { title: '法律援助数据', text: '调解中心的案件数量、用时、满意度（不含姓名与案情）', url: ROUTES.legalFigures },
    { title: '节假日与调休', text: '放假日与调休上班日：法律援助受理时限按工作日计算', url: ROUTES.legalCalendar },
    { title: '暖新公寓', text: '全区公寓的床位申请、入住与候补统计', url: ROUTES.staffHousing },
    {
      title: '新建暖新公寓',
      text: '登记本区的公寓：地址、位置、运营方、规则与设施',
      url: ROUTES.staffHousingApartment,
    },
  ],
  gate_guard: [{ title: '查验骑手码', text: '在本门岗扫骑手的暖新码，查看今日进出', url: ROUTES.staffCheck }],
  crew_member: [{ title: '我的处置任务', text: '派给本队的随手拍：到场、修复、拍照', url: ROUTES.crewReports }],
  mediator: [
    { title: '调解中心案件', text: '本区骑手的求助：受理或转介、指派、预约面谈、办结', url: ROUTES.legalInbox },
    { title: '法律援助数据', text: '案件数量、受理与办结用时、满意度', url: ROUTES.legalFigures },
  ],
  apartment_operator: [
    { title: '床位申请', text: '审核骑手的床位申请：分配床位、候补、入住与退宿；入住统计', url: ROUTES.staffHousing },
    { title: '房间与床位', text: '公寓信息、房间、床位与月租，停用床位', url: ROUTES.staffHousingBeds },
    { title: '公寓信息', text: '地址、位置、联系电话、入住规则、费用与设施', url: ROUTES.staffHousingApartment },
  ],
};

export default function StaffPage() {
  const { user } = useSession();

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  if (!user) return <PageShell title="工作台" />;

  if (!isStaffRole(user.role)) {
    return (
      <PageShell title="工作台" className="nx-staff">
        <Text className="nx-subtitle">工作台仅对社区、街道、商户和区工作人员开放。</Text>
        <Button className="nx-button nx-button--primary" onClick={() => void Taro.switchTab({ url: ROUTES.home })}>
          返回首页
        </Button>
      </PageShell>
    );
  }

  const lines = scopeLines(user.scope);

  return (
    <PageShell title="工作台" className="nx-staff">
      <View className="nx-card nx-staff__who">
        <Text className="nx-card__title">{ROLE_LABELS[user.role]}</Text>
        <Text className="nx-card__text">{user.displayName}</Text>
        {lines.length > 0 ? (
          lines.map((line) => (
            <Text key={line} className="nx-card__text">
              {line}
            </Text>
          ))
        ) : (
          <Text className="nx-card__text">尚未分配负责范围</Text>
        )}
      </View>
      {SECTIONS[user.role].map((s) => (
        <View
          key={s.title}
          className={`nx-card nx-staff__section${s.url ? ' nx-staff__section--open' : ''}`}
          onClick={s.url ? () => openRoute(s.url!) : undefined}
        >
          <Text className="nx-card__title">{s.title}</Text>
          <Text className="nx-card__text">{s.text}</Text>
          {s.url ? <Text className="nx-staff__go">打开 ›</Text> : <Text className="nx-staff__soon">即将开放</Text>}
        </View>
      ))}
    </PageShell>
  );
}
