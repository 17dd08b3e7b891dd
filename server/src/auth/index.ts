// The auth job's public face: sign-in, tokens, invitations, the guard and the single scope rule.
export { default as authPlugin } from './plugin.js';
export { createAuthContext, type AuthContext } from './context.js';
export { acting, type Acting } from './actor.js';
export { inScope, type Principal, type ScopeTarget } from './principal.js';
export { PrincipalCache, type PrincipalRecord } from './principal-cache.js';
export { loadMe, meRows } from './me.js';
export { sha256 } from './tokens.js';
export { issueSystemInvitation, normaliseCode } from './invitations.js';
