import { Type, type Static } from '@sinclair/typebox';
import { ROLES, STAFF_ROLES } from './constants.js';

const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const StaffRoleSchema = Type.Union(STAFF_ROLES.map((r) => Type.Literal(r)));

export const ScopeRef = Type.Object({ id: Type.String(), name: Type.String() });
export type ScopeRef = Static<typeof ScopeRef>;

/** What a signed-in user may see of themselves. Phone is masked; session_key never leaves the server. */
export const Me = Type.Object(
  {
    id: Type.String(),
    role: RoleSchema,
    displayName: Type.String(),
    phoneMasked: Type.Union([Type.String(), Type.Null()]),
    scope: Type.Object({
      district: Type.Union([ScopeRef, Type.Null()]),
      street: Type.Union([ScopeRef, Type.Null()]),
      communities: Type.Array(ScopeRef),
      merchant: Type.Union([ScopeRef, Type.Null()]),
    }),
    createdAt: Type.String({ format: 'date-time' }),
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
    communityIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 50 })),
    streetId: Type.Optional(Type.String({ format: 'uuid' })),
    merchantId: Type.Optional(Type.String({ format: 'uuid' })),
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
  expiresAt: Type.String({ format: 'date-time' }),
});
export type Invitation = Static<typeof Invitation>;

export const RedeemInvitationBody = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 32 }) },
  { additionalProperties: false },
);
export type RedeemInvitationBody = Static<typeof RedeemInvitationBody>;
