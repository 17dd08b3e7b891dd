// Typed calls of the staff invitations API (auth job). Types only from the shared schemas.
import type {
  CreateInvitationBody,
  Invitation,
  InvitationList,
  InvitationSummary,
  InvitationTargets,
} from '@nuanxin/shared/auth/schemas';
import type { InvitationStatus } from '@nuanxin/shared/auth/constants';
import { api } from './api';

const I = '/api/v1/auth/invitations';

export const invitationsApi = {
  targets: () => api.call<InvitationTargets>('GET', `${I}/targets`),
  issue: (body: CreateInvitationBody) => api.call<Invitation>('POST', I, { body }),
  list: (params: { status?: InvitationStatus; page?: number }) => {
    const q = [`pageSize=20`, `page=${params.page ?? 1}`, ...(params.status ? [`status=${params.status}`] : [])];
    return api.call<InvitationList>('GET', `${I}?${q.join('&')}`);
  },
  revoke: (id: string) => api.call<InvitationSummary>('POST', `${I}/${id}/revoke`),
};
