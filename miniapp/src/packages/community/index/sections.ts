import { ROUTES } from '../../../routes';

export interface HubSection {
  /** Stable key (also the e2e hook: `.nx-community__section--<key>`). */
  key: string;
  title: string;
  text: string;
  glyph: string;
  url: string;
}

// 社区: one entry per section.
export const HUB_SECTIONS: readonly HubSection[] = [
  {
    key: 'activities',
    title: '活动 · 课程',
    text: '义诊、法律咨询、夜校课程，报名参加',
    glyph: '活',
    url: ROUTES.activities,
  },
  {
    key: 'my-activities',
    title: '我的活动',
    text: '已报名和候补的活动、签到记录',
    glyph: '我',
    url: ROUTES.myActivities,
  },
  {
    key: 'checkin',
    title: '活动签到',
    text: '到场后扫现场签到码，签到得积分',
    glyph: '签',
    url: ROUTES.activityCheckin,
  },
  {
    key: 'tasks',
    title: '随手帮',
    text: '送药、代购、送餐助老，认领任务得积分',
    glyph: '帮',
    url: ROUTES.tasks,
  },
  {
    key: 'suggestions',
    title: '骑思妙想',
    text: '给驿站、社区、街道提建议，被采纳得积分',
    glyph: '想',
    url: ROUTES.suggestions,
  },
  { key: 'wishes', title: '微心愿', text: '说出一个小心愿，社区和爱心单位帮你实现', glyph: '愿', url: ROUTES.wishes },
  {
    key: 'points-rules',
    title: '积分管理办法',
    text: '怎样得积分、每天每月上限、怎样兑换',
    glyph: '规',
    url: ROUTES.pointsRules,
  },
];
