export const ROLES = ['customer', 'admin', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, as proven by a verified access token. */
export interface AuthenticatedUser {
  /** `sub` of the token: a user id, or the client id for service tokens. */
  id: string;
  roles: Role[];
}
