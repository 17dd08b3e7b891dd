// The privacy job's public face: jobs.ts, scripts and tests import from here only.
export { default as privacyPlugin } from './plugin.js';
export { createPrivacyContext, type PrivacyContext } from './context.js';
export { privacyOverview, recordConsent } from './overview.js';
export { exportMyData } from './export.js';
export { deleteMyAccount, DELETED_NAME } from './delete.js';
export { runRetention, type RetentionResult } from './retention.js';
