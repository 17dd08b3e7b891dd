// Types only from the schema files (TypeBox must stay out of the bundle).
import type {
  Community,
  CommunityCreateBody,
  CommunityPatchBody,
  Merchant,
  MerchantCreateBody,
  MerchantPatchBody,
  StreetCreateBody,
  StreetPatchBody,
  StreetSummary,
} from '@nuanxin/shared/geo/schemas';
import type {
  Agreement,
  AgreementCreateBody,
  AgreementEndResult,
  AgreementPatchBody,
} from '@nuanxin/shared/access/agreements';
import { api } from './api';

/** Managing the organisation: streets, communities, shops (geo) and co-construction agreements (access). */
export const orgApi = {
  streets: () => api.call<{ items: StreetSummary[] }>('GET', '/api/v1/streets'),
  createStreet: (body: StreetCreateBody) => api.call<StreetSummary>('POST', '/api/v1/streets', { body }),
  updateStreet: (id: string, body: StreetPatchBody) =>
    api.call<StreetSummary>('PATCH', `/api/v1/streets/${id}`, { body }),

  communities: () => api.call<{ items: Community[] }>('GET', '/api/v1/communities'),
  community: (id: string) => api.call<Community>('GET', `/api/v1/communities/${id}`),
  createCommunity: (body: CommunityCreateBody) => api.call<Community>('POST', '/api/v1/communities', { body }),
  updateCommunity: (id: string, body: CommunityPatchBody) =>
    api.call<Community>('PATCH', `/api/v1/communities/${id}`, { body }),

  merchants: () => api.call<{ items: Merchant[] }>('GET', '/api/v1/merchants'),
  createMerchant: (body: MerchantCreateBody) => api.call<Merchant>('POST', '/api/v1/merchants', { body }),
  updateMerchant: (id: string, body: MerchantPatchBody) =>
    api.call<Merchant>('PATCH', `/api/v1/merchants/${id}`, { body }),

  agreements: (communityId?: string) =>
    api.call<{ items: Agreement[] }>(
      'GET',
      `/api/v1/access/agreements?all=true${communityId ? `&communityId=${encodeURIComponent(communityId)}` : ''}`,
    ),
  createAgreement: (body: AgreementCreateBody) => api.call<Agreement>('POST', '/api/v1/access/agreements', { body }),
  updateAgreement: (id: string, body: AgreementPatchBody) =>
    api.call<Agreement>('PATCH', `/api/v1/access/agreements/${id}`, { body }),
  endAgreement: (id: string, reason?: string) =>
    api.call<AgreementEndResult>('POST', `/api/v1/access/agreements/${id}/end`, { body: reason ? { reason } : {} }),
};
