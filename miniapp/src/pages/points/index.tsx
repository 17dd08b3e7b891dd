import { ComingSoon } from '../../components/ComingSoon';

export default function PointsPage() {
  return <ComingSoon title="积分" description="上报被采纳可得积分，在友好商户兑换理发、洗衣等服务。" />;
}
