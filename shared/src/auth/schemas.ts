import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, literals, Nullable } from '../common/schemas.js';
import { INVITATION_EXPIRY_HOURS, INVITATION_STATUSES, ROLES, STAFF_ROLES } from './constants.js';

const RoleSchema = literals(ROLES);
const StaffRoleSchema = literals(STAFF_ROLES);

export const ScopeRef = Type.Object({ id: Type.String(), name: Type.String() });
export type ScopeRef = Static<typeof ScopeRef>;

/** What a signed-in user may see of themselves. Phone is masked; session_key never leaves the server. */
export const Me = Type.Object(
  {
    id: Type.String(),
    role: RoleSchema,
    displayName: Type.String(),
    phoneMasked: Nullable(Type.String()),
    scope: Type.Object({
      district: Nullable(ScopeRef),
      street: Nullable(ScopeRef),
      communities: Type.Array(ScopeRef),
      merchant: Nullable(ScopeRef),
      /** Gate guards: their gates, named "<community> · <gate>". */
      gates: Type.Array(ScopeRef),
      /** Crew members: their response teams. */
      teams: Type.Optional(Type.Array(ScopeRef)),
      /** Apartment operators: their 暖新公寓. */
      apartments: Type.Optional(Type.Array(ScopeRef)),
    }),
    createdAt: DateTime,
  },
  { $id: 'Me' },
);
export type Me = Static<typeof Me>;

export const TokenPair = Type.Object(
  {
    accessToken: Type.String(),
    accessTokenExpiresIn: Type.Integer({ description: 'seconds' }),
    refreshToken: Type.String(),
    refreshTokenExpiresIn: Type.Integer({ description: 'seconds' }),
    user: Type.Ref('Me'),
  },
  { $id: 'TokenPair' },
);
export type TokenPair = Omit<Static<typeof TokenPair>, 'user'> & { user: Me };

export const WxLoginBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 128, description: 'wx.login() code' }) },
  { additionalProperties: false },
);
export type WxLoginBody = Static<typeof WxLoginBody>;

/** How this deployment lets people sign in on H5 (inside WeChat's browser or in demo mode). */
export const SignInOptions = Type.Object({
  demo: Type.Boolean({ description: 'Demo accounts are offered (demo mode)' }),
  wechatWeb: Type.Boolean({ description: 'WeChat 网页授权 sign-in is configured' }),
});
export type SignInOptions = Static<typeof SignInOptions>;

export const WebLoginCallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 256 })),
  state: Type.Optional(Type.String({ maxLength: 128 })),
});
export type WebLoginCallbackQuery = Static<typeof WebLoginCallbackQuery>;

export const LoginTicketBody = Type.Object(
  { ticket: Type.String({ minLength: 1, maxLength: 128, description: 'One-time ticket from the sign-in callback' }) },
  { additionalProperties: false },
);
export type LoginTicketBody = Static<typeof LoginTicketBody>;

export const DemoLoginBody = Type.Object(
  { account: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type DemoLoginBody = Static<typeof DemoLoginBody>;

export const DemoAccount = Type.Object({
  account: Type.String(),
  role: RoleSchema,
  displayName: Type.String(),
  scopeLabel: Type.String(),
});
export type DemoAccount = Static<typeof DemoAccount>;
export const DemoAccountList = Type.Object({ accounts: Type.Array(DemoAccount) });
export type DemoAccountList = Static<typeof DemoAccountList>;

export const RefreshBody = Type.Object(
  { refreshToken: Type.String({ minLength: 16, maxLength: 256 }) },
  { additionalProperties: false },
);
export type RefreshBody = Static<typeof RefreshBody>;

export const CreateInvitationBody = Type.Object(
  {
    role: StaffRoleSchema,
    communityIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50 })),
    streetId: Type.Optional(Id),
    merchantId: Type.Optional(Id),
    /** gate_guard: the gates it checks riders at, all of one community. */
    gateIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50 })),
    /** crew_member: the response team it joins. */
    teamId: Type.Optional(Id),
    /** apartment_operator: the 暖新公寓 it runs, all of the inviter's district. */
    apartmentIds: Type.Optional(
      Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 50, title: '公寓' }),
    ),
    displayName: Type.String({ minLength: 1, maxLength: 40, description: 'Name of the person invited' }),
    /** How long the code stays valid; default INVITATION_TTL_HOURS. */
    expiresInHours: Type.Optional(
      Type.Integer({ minimum: INVITATION_EXPIRY_HOURS.min, maximum: INVITATION_EXPIRY_HOURS.max }),
    ),
  },
  { additionalProperties: false },
);
export type CreateInvitationBody = Static<typeof CreateInvitationBody>;

export const Invitation = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'One-time code, shown once to the issuer' }),
  role: StaffRoleSchema,
  displayName: Type.String(),
  expiresAt: DateTime,
});
export type Invitation = Static<typeof Invitation>;

export const RedeemInvitationBody = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 32 }) },
  { additionalProperties: false },
);
export type RedeemInvitationBody = Static<typeof RedeemInvitationBody>;

/** One invitation as its issuer's side sees it: never the code (shown once, at issue). */
export const InvitationSummary = Type.Object({
  id: Type.String(),
  role: StaffRoleSchema,
  displayName: Type.String(),
  status: literals(INVITATION_STATUSES),
  /** The names of what it grants (communities, a street, gates, …). */
  scopeLabel: Type.String(),
  createdAt: DateTime,
  createdByName: Type.String(),
  expiresAt: DateTime,
  redeemedAt: Nullable(DateTime),
  /** The display name of who redeemed it; nothing else about them. */
  redeemedByName: Nullable(Type.String()),
  revokedAt: Nullable(DateTime),
});
export type InvitationSummary = Static<typeof InvitationSummary>;

export const InvitationQuery = Type.Object(
  {
    status: Type.Optional(literals(INVITATION_STATUSES)),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type InvitationQuery = Static<typeof InvitationQuery>;

export const InvitationList = Type.Object({
  items: Type.Array(InvitationSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type InvitationList = Static<typeof InvitationList>;

const Named = Type.Object({ id: Type.String(), name: Type.String() });

/** What the caller may invite people into, for the scope pickers (gates: the access gates list). */
export const InvitationTargets = Type.Object({
  roles: Type.Array(StaffRoleSchema),
  streets: Type.Array(Named),
  communities: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), streetName: Type.String() })),
  merchants: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), streetName: Type.String() })),
  teams: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), streetName: Nullable(Type.String()) })),
  apartments: Type.Optional(Type.Array(Named)),
});
export type InvitationTargets = Static<typeof InvitationTargets>;
