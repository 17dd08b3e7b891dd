// The activities job's public face: app.ts, the privacy job, scripts and tests import from here only.
export { default as activitiesPlugin } from './plugin.js';
export { createActivitiesContext, type ActivitiesContext } from './context.js';
export { issueActivityCode, verifyActivityCode } from './codes.js';
export { endOfWeek } from './browse.js';
export { remindUpcomingSessions, reminderKey } from './notices.js';
export { certificateCode as myCertificateCode } from './certificate.js';
// The privacy job's export and account deletion.
export { eraseRiderActivities, riderActivityData } from './privacy.js';
