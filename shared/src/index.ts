// Server-side entry: schemas (TypeBox) and constants. The mini-program must import only
// `@nuanxin/shared/<domain>/constants` files and types (`import type`), never this index.
export * from './common/errors.js';
export * from './common/schemas.js';
export * from './auth/constants.js';
export * from './auth/schemas.js';
export * from './geo/schemas.js';
export * from './stations/constants.js';
export * from './stations/schemas.js';
export * from './access/constants.js';
export * from './access/schemas.js';
export * from './points/constants.js';
export * from './points/schemas.js';
export * from './reports/constants.js';
export * from './reports/schemas.js';
export * from './geo/gcj02.js';
