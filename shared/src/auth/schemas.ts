import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, literals, Nullable } from '../common/schemas.js';
import { ROLES, STAFF_ROLES } from './constants.js';

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
    displayName: Type.String({ minLength: 1, maxLength: 40, description: 'Name of the person invited' }),
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
