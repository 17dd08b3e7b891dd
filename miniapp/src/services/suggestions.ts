// 骑思妙想 suggestions: the rider's and the staff's calls.
import type {
  DecisionBody,
  PublicSuggestion,
  PublicSuggestionList,
  StaffSuggestion,
  StaffSuggestionList,
  SuggestBody,
  SuggestionTargetList,
  SupportResult,
} from '@nuanxin/shared/suggestions/schemas';
import { api } from './api';

const id = (v: string) => encodeURIComponent(v);

export const suggestionsApi = {
  all: () => api.call<PublicSuggestionList>('GET', '/api/v1/suggestions'),
  mine: () => api.call<PublicSuggestionList>('GET', '/api/v1/suggestions/mine'),
  targets: (q: string) =>
    api.call<SuggestionTargetList>('GET', `/api/v1/suggestions/targets?q=${encodeURIComponent(q)}`),
  submit: (body: SuggestBody) => api.call<PublicSuggestion>('POST', '/api/v1/suggestions', { body }),
  support: (sid: string) => api.call<SupportResult>('POST', `/api/v1/suggestions/${id(sid)}/support`),
  // staff
  inbox: () => api.call<StaffSuggestionList>('GET', '/api/v1/staff/suggestions'),
  reply: (sid: string, reply: string) =>
    api.call<StaffSuggestion>('POST', `/api/v1/staff/suggestions/${id(sid)}/reply`, { body: { reply } }),
  decide: (sid: string, body: DecisionBody) =>
    api.call<StaffSuggestion>('POST', `/api/v1/staff/suggestions/${id(sid)}/decision`, { body }),
};
