import { createAccessContext, makeAccessPartitions, purgeAccess } from './access/index.js';
import type { Config } from './platform/config.js';
import { systemClock, type Clock } from './platform/context.js';
import type { Database } from './db/client.js';
import { createPointsContext, runPointsExpiryJobs, runVoucherJobs } from './points/index.js';
import { alertOverdueReports, closeStaleFixedReports, createReportsContext, runCityPass } from './reports/index.js';
import { notifyExpiringPasses } from './notifications/index.js';
import { createPrivacyContext, runRetention } from './privacy/index.js';
import { createTasksContext, expireStaleClaims } from './tasks/index.js';
import type { Job } from './platform/scheduler.js';
import { alertOverdueCases } from './legal/index.js';
import { createActivitiesContext, remindUpcomingSessions } from './activities/index.js';

/**
 * Every periodic job of the app. To add one: a use case that does one safe-to-repeat pass and
 * returns counts, an interval in config (`JOB_<NAME>_INTERVAL_MS`), and an entry here. server.ts
 * schedules them all; `pnpm jobs <name>` runs one from the command line under the same lock.
 */
export function appJobs(database: Database, config: Config, now: Clock = systemClock): Job[] {
  const points = createPointsContext(database.db, config, now);
  const access = createAccessContext(database.db, config, now);
  const reports = createReportsContext(database.db, config, now);
  const privacy = createPrivacyContext(database.db, config, now);
  const tasks = createTasksContext(database.db, config, now);
  const activities = createActivitiesContext(database.db, config, now);
  return [
    {
      name: 'vouchers',
      intervalMs: config.jobs.vouchersIntervalMs,
      run: () => runVoucherJobs(points),
    },
    {
      name: 'points-expiry',
      intervalMs: config.jobs.pointsExpiryIntervalMs,
      run: () => runPointsExpiryJobs(points),
    },
    {
      name: 'access-purge',
      intervalMs: config.jobs.accessPurgeIntervalMs,
      run: async () => {
        const r = await purgeAccess(access);
        return { droppedPartitions: r.droppedPartitions.length, expiredPasses: r.expiredPasses };
      },
    },
    {
      name: 'access-partitions',
      intervalMs: config.jobs.accessPartitionsIntervalMs,
      run: async () => {
        const r = await makeAccessPartitions(access);
        return { partitionsCreated: r.partitionsCreated, daysAhead: r.daysAhead };
      },
    },
    {
      name: 'reports-auto-close',
      intervalMs: config.jobs.reportsAutoCloseIntervalMs,
      run: async () => ({ ...(await closeStaleFixedReports(reports)) }),
    },
    {
      name: 'reports-overdue-alerts',
      intervalMs: config.jobs.reportsOverdueIntervalMs,
      run: async () => ({ ...(await alertOverdueReports(reports)) }),
    },
    {
      name: 'reports-city',
      intervalMs: config.jobs.reportsCityIntervalMs,
      run: async () => ({ ...(await runCityPass(reports)) }),
    },
    {
      name: 'legal-overdue-alerts',
      intervalMs: config.jobs.legalOverdueIntervalMs,
      run: async () => ({ ...(await alertOverdueCases({ db: database.db, now })) }),
    },
    {
      name: 'pass-expiry-notices',
      intervalMs: config.jobs.passExpiryNoticesIntervalMs,
      run: async () => ({ ...(await notifyExpiringPasses({ db: database.db, now })) }),
    },
    {
      name: 'privacy-retention',
      intervalMs: config.jobs.privacyRetentionIntervalMs,
      run: async () => ({ ...(await runRetention(privacy)) }),
    },
    {
      name: 'tasks-claim-expiry',
      intervalMs: config.jobs.tasksClaimExpiryIntervalMs,
      run: async () => ({ ...(await expireStaleClaims(tasks)) }),
    },
    {
      name: 'activity-reminders',
      intervalMs: config.jobs.activityRemindersIntervalMs,
      run: async () => ({ ...(await remindUpcomingSessions(activities)) }),
    },
  ];
}
