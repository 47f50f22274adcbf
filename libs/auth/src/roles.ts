export const ROLES = ['customer', 'admin', 'service'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a service client may do at another service, one scope per internal capability
 * (docs/contracts/internal-api.md). A service token carries only its client's scopes, so a compromised
 * cart-service cannot reserve stock or read shoppers' contacts.
 */
export const SCOPES = ['products:read', 'stock:reserve', 'cart:clear', 'users:contact'] as const;
export type Scope = (typeof SCOPES)[number];

/** The caller, as proven by a verified access token. */
export interface AuthenticatedUser {
  /** `sub` of the token: a user id, or the client id for service tokens. */
  id: string;
  roles: Role[];
  /** The known scopes of the token's `scope` claim; present only on tokens that carry one (service tokens). */
  scopes?: Scope[];
}
