// The audit job's public face: every job appends its staff writes through recordAudit.
export { recordAudit, type AuditEntry, type AuditPlace } from './record.js';
