import { readFileSync } from 'node:fs';
import { buildServices, type Platform, startPlatform } from '../platform/platform';
import { type SecurityTarget } from './attacks';

const ADMIN = { email: 'security-admin@example.com', password: 'Security-suite-owner-passphrase-1' };

/** What the attacks need besides the running system: limits low enough to reach, and an admin to set the scene. */
export const SECURITY_ENV: Record<string, string> = {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  // The lowest cost production mode accepts (the services run as in a container), to keep the suite fast.
  BCRYPT_COST: '10',
  // Low enough that the login flood meets the per-address limit within a few requests of its own.
  RATE_LIMIT_AUTH_MAX: '20',
  // One proxy in front of the edge (as CloudFront before the ALB): the client address an attack states in
  // X-Forwarded-For counts, so attacker and owner can come from different addresses on one machine.
  TRUST_PROXY: '2',
};

/** The platform (every service a process, behind the edge) with the suite's settings. */
export async function startSecurityPlatform(mongoUri: string): Promise<{ platform: Platform; target: SecurityTarget }> {
  buildServices();
  const platform = await startPlatform(mongoUri, SECURITY_ENV);
  const cart = platform.secrets.serviceClients.find((client) => client.clientId === 'cart-service');
  if (!cart) throw new Error('the platform has no cart-service client');
  const target: SecurityTarget = {
    edgeUrl: platform.edgeUrl,
    productServiceUrl: platform.services['product-service'].url,
    userServiceUrl: platform.services['user-service'].url,
    cartClient: { id: cart.clientId, secret: cart.clientSecret },
    admin: ADMIN,
    privateKeyPem: readFileSync(platform.secrets.privateKeyFile, 'utf8'),
    publicKeyPem: readFileSync(platform.secrets.publicKeyFile, 'utf8'),
    issuer: 'ecommerce-user-service',
    audience: 'ecommerce-api',
  };
  return { platform, target };
}
