// `pnpm jobs [name …]`: one pass of the named periodic jobs (all when none is named), under the
// same advisory locks as the server's scheduler, so a cron run next to a running server never does
// a job twice at once. `pnpm jobs --list` prints the names. Exit 1 if a pass failed.
// `pnpm points:jobs` = `pnpm jobs vouchers points-expiry`; `pnpm purge:access` = `pnpm jobs access-purge`;
// `pnpm purge:privacy` = `pnpm jobs privacy-retention`.
import { loadConfig } from '@nuanxin/server/platform/config';
import { appJobs } from '@nuanxin/server/jobs';
import { runJob } from '@nuanxin/server/platform/scheduler';
import { withConfiguredDatabase } from './lib/database.js';

const config = loadConfig();
const args = process.argv.slice(2).filter((a) => a !== '--');
const print = (obj: object, msg: string) => console.log(`${msg} ${JSON.stringify(obj)}`);
const log = { info: print, debug: print, error: (obj: object, msg: string) => console.error(msg, obj) };

await withConfiguredDatabase(
  config,
  async (database) => {
    const jobs = appJobs(database, config);
    if (args.includes('--list')) {
      for (const job of jobs)
        console.log(`${job.name}\tevery ${job.intervalMs} ms in the server${job.intervalMs ? '' : ' (off)'}`);
      return;
    }
    const unknown = args.filter((name) => !jobs.some((job) => job.name === name));
    if (unknown.length > 0) {
      console.error(`unknown job: ${unknown.join(', ')} (known: ${jobs.map((j) => j.name).join(', ')})`);
      process.exitCode = 1;
      return;
    }
    for (const job of jobs.filter((j) => args.length === 0 || args.includes(j.name))) {
      const run = await runJob(database, job, log);
      if (run.status === 'failed') process.exitCode = 1;
    }
  },
  { poolSize: 3 },
);
