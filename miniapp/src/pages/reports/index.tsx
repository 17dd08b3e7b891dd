import { ComingSoon } from '../../components/ComingSoon';
import { PrivacyPopup } from '../../components/PrivacyPopup';

export default function ReportsPage() {
  return (
    <>
      <ComingSoon title="随手拍" description="拍照、定位、上传：路面坑洼、井盖缺失、信号灯故障，一拍就报。" />
      {/* Camera and location will be used here; the consent sheet must live on the page. */}
      <PrivacyPopup />
    </>
  );
}
