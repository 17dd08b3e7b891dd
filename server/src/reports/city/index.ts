// 转交12345 (Open311 out to the city): the reports job re-exports what others may use from here.
export { CityOpen311Client, CityOpen311Error, type CityRequest, type PostOutcome } from './client.js';
export { cityConfigured, queueCityForward, queueOverdueForwards, serviceCodeFor } from './enqueue.js';
export { forwardDue, reportMarker, type CityContext, type ForwardResult } from './forward.js';
export { pollCity, type PollResult } from './poll.js';
export { runCityPass, type CityPassResult } from './run.js';
export { forwardToCity } from './manual.js';
export { cityForwardView } from './view.js';
export { default as cityRoutes } from './routes.js';
