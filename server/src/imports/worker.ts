// The import worker: parsing and row checks run here, never on the server's event loop. It lives
// as long as the server (started on the first import) and takes one job at a time.
// In:  { id, job: CheckJob }
// Out: { id, type: 'opened', total } | { id, type: 'progress', done } | { id, type: 'result', result }
//      | { id, type: 'problem', code, message } (a file-level problem) | { id, type: 'error', message }
import { parentPort } from 'node:worker_threads';
import { checkFile, type CheckJob } from './check-file.js';
import { FileProblem } from './table.js';

const port = parentPort!;

port.on('message', async ({ id, job }: { id: number; job: CheckJob }) => {
  try {
    const result = await checkFile(job, {
      opened: (total) => port.postMessage({ id, type: 'opened', total }),
      progress: (done) => port.postMessage({ id, type: 'progress', done }),
    });
    port.postMessage({ id, type: 'result', result });
  } catch (err) {
    if (err instanceof FileProblem) port.postMessage({ id, type: 'problem', code: err.code, message: err.message });
    else port.postMessage({ id, type: 'error', message: (err as Error).stack ?? String(err) });
  }
});
port.postMessage({ type: 'ready' });
