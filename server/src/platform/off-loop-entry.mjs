// The worker of platform/off-loop.ts. The server runs under tsx, whose loader a worker thread
// inherits; under jest (or plain node) it is registered here (registering twice is harmless).
// In:  { id, module (a file URL), fn (its export), input }
// Out: { id, type: 'started' } once the module is loaded (the time cap starts there), then
//      { id, type: 'result', value } | { id, type: 'app-error', status, code, message, field }
//      | { id, type: 'error', message }
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const port = parentPort;

port.on('message', async ({ id, module, fn, input }) => {
  try {
    const mod = await import(module);
    if (typeof mod[fn] !== 'function') throw new Error(`${module} exports no function ${fn}`);
    port.postMessage({ id, type: 'started' });
    const value = await mod[fn](input);
    port.postMessage({ id, type: 'result', value });
  } catch (err) {
    if (err && err.name === 'AppError' && typeof err.status === 'number' && typeof err.code === 'string')
      port.postMessage({
        id,
        type: 'app-error',
        status: err.status,
        code: err.code,
        message: err.message,
        field: err.field,
      });
    else port.postMessage({ id, type: 'error', message: (err && err.stack) || String(err) });
  }
});
