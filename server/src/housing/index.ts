// The housing job's public face: app.ts, scripts and tests import from here only.
export { default as housingPlugin } from './plugin.js';
export { createHousingContext, type HousingContext } from './context.js';
export { applyForBed, myApplications, listApplications } from './applications.js';
export { offerBed, waitlist, decline, moveIn, moveOut, freeBeds } from './review.js';
export { createApartment, updateApartment, createRoom, createBed, updateBed, housingFigures } from './manage.js';
export { searchBeds, apartmentDetail } from './search.js';
export { addMonths, beijingDate } from './rules.js';
export { exportHousing, eraseHousing } from './privacy.js';
