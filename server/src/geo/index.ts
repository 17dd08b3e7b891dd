// The geo job's public face (districts, streets, communities, shops): scripts and tests import from here only.
export { default as geoPlugin } from './plugin.js';
export { createGeoContext, type GeoContext } from './context.js';
export { importStreetBoundaries } from './import-streets.js';
