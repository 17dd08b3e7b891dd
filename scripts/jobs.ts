// `pnpm jobs [name …]`: one pass of the named periodic jobs (all when none is named), under the
// same advisory lock as the server's scheduler, so a cron run and a running server never do a
// job at the same time. `pnpm jobs --list` prints the names. Exit 1 if a pass failed.
import { loadConfig } from '@nuanxin/server/config';
import { DataDirInUseError, openDatabase } from '@nuanxin/server/db/client';
import { appJobs } from '@nuanxin/server/jobs/registry';
import { runJob } from '@nuanxin/server/jobs/scheduler';

const config = loadConfig();
const args = process.argv.slice(2).filter((a) => a !== '--');
const print = (obj: object, msg: string) => console.log(`${msg} ${JSON.stringify(obj)}`);
const log = { info: print, debug: print, error: (obj: object, msg: string) => console.error(`${msg}`, obj) };

try {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 3 });
  try {
    const jobs = appJobs(database, config);
    if (args.includes('--list')) {
      for (const job of jobs) console.log(`${job.name}\tevery ${job.intervalMs} ms in the server${job.intervalMs ? '' : ' (off)'}`);
    } else {
      const unknown = args.filter((name) => !jobs.some((job) => job.name === name));
      if (unknown.length > 0) {
        console.error(`unknown job: ${unknown.join(', ')} (known: ${jobs.map((j) => j.name).join(', ')})`);
        process.exitCode = 1;
      } else {
        await database.migrate();
        for (const job of jobs.filter((j) => args.length === 0 || args.includes(j.name))) {
          const run = await runJob(database, job, log);
          if (run.status === 'failed') process.exitCode = 1;
        }
      }
    }
  } finally {
    await database.close();
  }
} catch (err) {
  if (!(err instanceof DataDirInUseError)) throw err;
  console.error(err.message);
  process.exit(1);
}
