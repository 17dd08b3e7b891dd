import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import {
  ImportReport,
  NearestStation,
  StaffStationPage,
  Station,
  StationBox,
  StationPage,
} from '@nuanxin/shared/stations/schemas';
import { createStationsContext } from './context.js';
import stationRoutes from './routes.js';

/** 附近驿站: nearby search, the map box, station detail, and the staff's station management. */
export default fp(
  async function stations(app: FastifyInstance) {
    for (const schema of [Station, StationPage, StationBox, NearestStation, ImportReport, StaffStationPage])
      app.addSchema(schema);
    const ctx = createStationsContext(app.db, app.config, app.clock);
    app.addHook('onClose', async () => ctx.offLoop.close());
    await app.register(stationRoutes, { prefix: '/api/v1', ctx });
  },
  { name: 'stations', dependencies: ['auth', 'multipart'] },
);
