// The access job's public face: jobs.ts, scripts and tests import from here only.
export { default as accessPlugin } from './plugin.js';
export { createAccessContext, type AccessContext, type AccessCaller } from './context.js';
export { beijingDay, makeAccessPartitions, purgeAccess } from './purge.js';
export { gateCodeUrl, issueRiderCode, verifyRiderCode } from './codes.js';
export { scanStatement } from './scan.js';
export { EMPTY_GUIDE } from './guide.js';
export { createAgreement, endAgreement, listAgreements, updateAgreement } from './agreements.js';
