// The audit job's public face: every job appends its staff writes through recordAudit; app.ts
// registers the plugin (the page and the CSV).
export { recordAudit, type AuditEntry, type AuditPlace } from './record.js';
export { default as auditPlugin } from './plugin.js';
export { createAuditContext, type AuditContext } from './context.js';
export { listAudit, exportAuditCsv } from './list.js';
export { changedFields } from './diff.js';
