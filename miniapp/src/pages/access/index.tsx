import { ComingSoon } from '../../components/ComingSoon';

export default function AccessPage() {
  return <ComingSoon title="暖新码" description="一次登记，凭暖新码扫码进出合作小区。" />;
}
