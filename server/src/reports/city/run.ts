import { queueOverdueForwards } from './enqueue.js';
import { forwardDue, type CityContext } from './forward.js';
import { pollCity } from './poll.js';

export interface CityPassResult {
  queued: number;
  forwarded: number;
  tokens: number;
  retried: number;
  dead: number;
  resolved: number;
  updated: number;
  closed: number;
  pollFailed: number;
}

/**
 * The job `reports-city`: queue reports not accepted in time, send what is due (retries
 * included), then poll the city back. Each step is safe to repeat and to run beside another
 * runner; with no endpoint configured it does nothing.
 */
export async function runCityPass(ctx: CityContext): Promise<CityPassResult> {
  const queued = await queueOverdueForwards(ctx);
  const sent = await forwardDue(ctx);
  const polled = await pollCity(ctx);
  return {
    queued,
    ...sent,
    resolved: polled.resolved,
    updated: polled.updated,
    closed: polled.closed,
    pollFailed: polled.failed,
  };
}
