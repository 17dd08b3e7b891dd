import Taro from '@tarojs/taro';
import { Text } from '@tarojs/components';
import { useEffect } from 'react';
import { PageShell } from '../../../../components/PageShell';
import { goToLogin, useSession } from '../../../../services/session';
import { Statement } from './Statement';

/**
 * 对账单: a shop's confirmed vouchers per day of a month and the CSV of what the street pays it
 * back. A merchant sees its own shop; a street operator or district admin opens a shop in scope
 * from 奖励与积分规则 (`?merchantId=`).
 */
export default function StatementPage() {
  const { user } = useSession();
  const merchantId = Taro.getCurrentInstance().router?.params.merchantId || undefined;

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  if (!user) return <PageShell title="对账单" />;
  const staff = user.role === 'street_operator' || user.role === 'district_admin';
  if (user.role !== 'merchant' && !(staff && merchantId)) {
    return (
      <PageShell title="对账单">
        <Text className="nx-subtitle">对账单供友好商户及其所在街道、区查看。</Text>
      </PageShell>
    );
  }
  return (
    <PageShell title="对账单" className="nx-merchant">
      <Text className="nx-subtitle">按核销日期（北京时间）统计；街道按奖励的结算金额向商户支付。</Text>
      <Statement merchantId={staff ? merchantId : undefined} />
    </PageShell>
  );
}
