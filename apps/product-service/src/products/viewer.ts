import { type AuthenticatedUser } from '@app/auth';

/** Admins see inactive products and always read fresh data; everyone else reads the cached public catalog. */
export const isAdmin = (user: AuthenticatedUser | undefined): boolean => user?.roles.includes('admin') ?? false;
