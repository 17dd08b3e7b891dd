// The 骑思妙想 job's public face: scripts and tests import from here only.
export { default as suggestionsPlugin } from './plugin.js';
export { createSuggestionsContext, type SuggestionsContext } from './context.js';
export { submitSuggestion } from './submit.js';
export { decideSuggestion, replySuggestion } from './decide.js';
export { supportSuggestion } from './support.js';
export { eraseRiderSuggestions, exportRiderSuggestions } from './privacy.js';
