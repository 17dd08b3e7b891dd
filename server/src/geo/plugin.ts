import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Community, CommunityList, MapLayers, Merchant, MerchantList, Street } from '@nuanxin/shared/geo/schemas';
import { PlaceAreas, PlaceDescription, PlaceSearchResult } from '@nuanxin/shared/geo/places';
import { createGeoContext } from './context.js';
import geoRoutes from './routes.js';

/** Districts, streets (with boundaries), communities and shops: where everything else sits. */
export default fp(
  async function geo(app: FastifyInstance) {
    for (const schema of [Community, CommunityList, Street, Merchant, MerchantList, MapLayers]) app.addSchema(schema);
    for (const schema of [PlaceDescription, PlaceSearchResult, PlaceAreas]) app.addSchema(schema);
    const ctx = createGeoContext(app.db, app.config, app.clock);
    app.addHook('onClose', async () => ctx.offLoop.close());
    await app.register(geoRoutes, { prefix: '/api/v1', ctx });
  },
  { name: 'geo', dependencies: ['auth'] },
);
