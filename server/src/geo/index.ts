// The geo job's public face (districts, streets, communities, shops): scripts and tests import from here only.
export { default as geoPlugin } from './plugin.js';
export { createGeoContext, type GeoContext } from './context.js';
export { importStreetBoundaries } from './import-streets.js';
export { bootstrapDistrict, districtRing, type BootstrapInput, type BootstrapResult } from './bootstrap.js';
export { createStreet, updateStreet } from './streets.js';
export { createCommunity, updateCommunity } from './communities.js';
export { createMerchant, listMerchantsInScope, updateMerchant } from './shops.js';
export { coveringStreet } from './place.js';
export { describePlace, placeLabel } from './describe.js';
export { listPlaceAreas, searchPlaces } from './places.js';
