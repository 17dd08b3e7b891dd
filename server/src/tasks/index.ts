// The 随手帮 job's public face: jobs.ts, scripts and tests import from here only.
export { default as tasksPlugin } from './plugin.js';
export { createTasksContext, type TasksContext } from './context.js';
export { expireStaleClaims, type ExpireClaimsResult } from './expire.js';
export { postTask } from './post.js';
export { claimTask, markDone, abandonClaim } from './claim.js';
export { confirmClaim } from './confirm.js';
export { eraseRiderTasks, exportRiderTasks } from './privacy.js';
