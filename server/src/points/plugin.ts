import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import {
  MerchantRedemptions,
  MerchantVoucher,
  PointsSummary,
  Voucher,
  VoucherList,
} from '@nuanxin/shared/points/schemas';
import { createPointsContext } from './context.js';
import pointsRoutes from './routes.js';

/** 积分: balance and history, rewards and vouchers, the merchant's counter, rules and grants. */
export default fp(
  async function points(app: FastifyInstance) {
    for (const schema of [PointsSummary, Voucher, VoucherList, MerchantVoucher, MerchantRedemptions])
      app.addSchema(schema);
    const ctx = createPointsContext(app.db, app.config, app.clock);
    await app.register(pointsRoutes, { prefix: '/api/v1', ctx });
  },
  { name: 'points', dependencies: ['auth', 'notifications'] },
);
