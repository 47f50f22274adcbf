import { parseStackSettings } from '../config/settings';
import { MAX_GATEWAY_REPLICAS, MAX_RATE_LIMIT_PER_SECOND } from '../config/traffic';
import { stackEcommerceConfig } from './helpers/stack-config';

const parse = (edit: (raw: Record<string, unknown>) => void) => {
  const raw = stackEcommerceConfig('staging');
  edit(raw);
  return () => parseStackSettings('staging', 'eu-west-1', raw);
};

describe('ecommerce:gateway and ecommerce:mesh', () => {
  it('reads the committed gateway and mesh of each stack: the mesh on in both, prod’s control plane doubled', () => {
    const staging = parseStackSettings('staging', 'eu-west-1', stackEcommerceConfig('staging'));
    const prod = parseStackSettings('prod', 'eu-west-1', stackEcommerceConfig('prod'));
    expect([staging.gateway, staging.mesh]).toEqual([
      { replicas: 2, rateLimitPerSecond: 50, corsAllowedOrigins: ['https://staging.shop.example.com'] },
      { enabled: true, istiodReplicas: 1 },
    ]);
    expect([prod.gateway, prod.mesh]).toEqual([
      { replicas: 3, rateLimitPerSecond: 50, corsAllowedOrigins: ['https://shop.example.com'] },
      { enabled: true, istiodReplicas: 2 },
    ]);
  });

  it('allows the shop’s origin in each stack, the one the mails link to', () => {
    for (const stack of ['staging', 'prod'] as const) {
      const settings = parseStackSettings(stack, 'eu-west-1', stackEcommerceConfig(stack));
      expect(settings.gateway.corsAllowedOrigins).toEqual([new URL(settings.notifications.shopUrl).origin]);
    }
  });

  it.each([
    ['replicas', 0],
    ['replicas', MAX_GATEWAY_REPLICAS + 1],
    ['replicas', 1.5],
    ['rateLimitPerSecond', 0],
    ['rateLimitPerSecond', MAX_RATE_LIMIT_PER_SECOND + 1],
  ])('refuses gateway.%s = %s', (key, value) => {
    const gateway = { ...(stackEcommerceConfig('staging').gateway as object), [key]: value };
    expect(parse((raw) => (raw.gateway = gateway))).toThrow(new RegExp(`gateway\\.${key}: expected an integer`));
  });

  it.each([
    'https://shop.example.com/',
    'https://shop.example.com/path',
    '*',
    'shop.example.com',
    'https://Shop.example.com',
  ])('refuses the CORS origin %s (an exact origin: scheme, lower-case host, optional port)', (origin) => {
    const gateway = { ...(stackEcommerceConfig('staging').gateway as object), corsAllowedOrigins: [origin] };
    expect(parse((raw) => (raw.gateway = gateway))).toThrow(/gateway\.corsAllowedOrigins: invalid item/);
  });

  it('refuses an istiod count outside 1-5 and a mesh switch that is not a boolean', () => {
    expect(parse((raw) => (raw.mesh = { enabled: true, istiodReplicas: 6 }))).toThrow(
      /mesh\.istiodReplicas: expected an integer from 1 to 5/,
    );
    expect(parse((raw) => (raw.mesh = { enabled: 'yes', istiodReplicas: 1 }))).toThrow(
      /mesh\.enabled: expected true or false/,
    );
  });

  it('defaults to a gateway of two proxies, 50 a second per client IP, no CORS, when left out', () => {
    const settings = parse((raw) => delete raw.gateway)();
    expect(settings.gateway).toEqual({ replicas: 2, rateLimitPerSecond: 50, corsAllowedOrigins: [] });
  });

  it('requires the mesh, on: the gateway reaches the services only through it', () => {
    expect(parse((raw) => delete raw.mesh)).toThrow(/mesh: expected an object/);
    expect(parse((raw) => (raw.mesh = { enabled: false, istiodReplicas: 1 }))).toThrow(
      /mesh\.enabled: must be true: the edge gateway reaches the services only through the mesh/,
    );
    expect(parse((raw) => (raw.mesh = {}))().mesh).toEqual({ enabled: true, istiodReplicas: 1 });
  });
});
