// The 微心愿 job's public face: scripts, tests and other jobs import from here only.
export { default as wishesPlugin } from './plugin.js';
export { createWishesContext, type WishesContext } from './context.js';
export { submitWish, wishTargets } from './submit.js';
export { adoptWish, fulfilWish, reviewWish, staffWishes } from './staff.js';
export { confirmReceipt, myWishes, wishWall } from './receive.js';
export { eraseRiderWishes, exportRiderWishes } from './privacy.js';
