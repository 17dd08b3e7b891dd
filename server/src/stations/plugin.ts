import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ImportReport, NearestStation, Station, StationBox, StationPage } from '@nuanxin/shared/stations/schemas';
import stationRoutes from './routes.js';

/** 附近驿站: nearby search, the map box, station detail, and the staff's station management. */
export default fp(
  async function stations(app: FastifyInstance) {
    for (const schema of [Station, StationPage, StationBox, NearestStation, ImportReport]) app.addSchema(schema);
    await app.register(stationRoutes, { prefix: '/api/v1', uploadMaxBytes: app.config.uploadMaxBytes });
  },
  { name: 'stations', dependencies: ['auth', 'multipart'] },
);
