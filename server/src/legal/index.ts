// The legal job's public face (法律援助 · 一站式调解): the server, the jobs registry, the privacy job,
// scripts and tests import from here only.
export { default as legalPlugin } from './plugin.js';
export { createLegalContext, legalUploadDir, type AttachmentSigner, type LegalContext } from './context.js';
export { alertOverdueCases, type LegalOverdueContext, type LegalOverdueResult } from './overdue.js';
export { acceptDue, closeDue, reopenUntil } from './deadlines.js';
export { exportRiderCases, eraseRiderCases, removeCaseFiles } from './privacy.js';
