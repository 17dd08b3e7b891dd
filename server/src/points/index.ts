// The points job's public face: other jobs, scripts and tests import from here only.
export { default as pointsPlugin } from './plugin.js';
export { createPointsContext, type PointsContext } from './context.js';
// Called by the reports job inside its own transaction when a report is accepted.
export { creditForEvent, creditForReport, type CreditContext, type CreditEvent, type CreditOutcome } from './credit.js';
// The periodic passes (jobs.ts) and the reconciliation (pnpm points:reconcile).
export {
  expireVouchers,
  expirePoints,
  noticeExpiringPoints,
  noticeExpiringVouchers,
  runVoucherJobs,
  runPointsExpiryJobs,
  runPointsJobs,
} from './expire.js';
export { reconcile, type ReconcileReport } from './reconcile.js';
// Use cases the tests call directly (with a clock they move, or a rotated key).
export { myNotices, myVouchers, pointsHistory, pointsSummary } from './queries.js';
export { redeem, redeemStatement } from './redeem.js';
export { cancelVoucher } from './cancel-voucher.js';
// The privacy job's account deletion, inside its own transaction.
export { forfeitForDeletion } from './forfeit.js';
export { confirmVoucher, lookupVoucher } from './confirm-voucher.js';
// The ledger primitives the demo seed, the redeem benchmark and the tests write and check with.
export {
  available,
  createTransfer,
  lockRiderAccount,
  pgErrorOf,
  SYSTEM_ACCOUNTS,
  type TransferInput,
} from './ledger.js';
export { derivedId } from './ids.js';
export { qrPayload } from './voucher-codes.js';
