import { parse } from 'yaml';
import { routeFor } from '../../edge/routes';
import { NEVER_PUBLIC, PUBLIC_PREFIXES, SERVICES } from '../lib/services';
import { nginxRegexRoutes, nginxRouteFor, nginxUpstreams } from './support/nginx-routes';
import { readRepoFile, repoFileExists } from './support/repo';

interface ComposeService {
  image?: string;
  build?: { context: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  read_only?: boolean;
  tmpfs?: string[];
  cap_drop?: string[];
}

const compose = parse(readRepoFile('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const nginx = readRepoFile('tools', 'delivery', 'compose', 'nginx.conf');
const routes = nginxRegexRoutes(nginx);

describe('docker-compose.yml', () => {
  it('runs MongoDB 8 with a health check that waits for a writable primary', () => {
    const mongo = compose.services.mongo;
    expect(mongo.image).toBe('mongo:8');
    expect(mongo.healthcheck?.test.join(' ')).toContain('isWritablePrimary');
  });

  it.each(SERVICES)('builds %s from the one Dockerfile and runs it hardened, after MongoDB and the keys', (name) => {
    const service = compose.services[name];
    expect(service.build).toEqual({ context: '.', args: { SERVICE: name } });
    expect(service).toMatchObject({ read_only: true, tmpfs: ['/tmp'], cap_drop: ['ALL'] });
    expect(service.depends_on).toEqual({
      mongo: { condition: 'service_healthy' },
      keygen: { condition: 'service_completed_successfully' },
    });
    expect(service.environment).toMatchObject({
      SERVICE_NAME: name,
      MONGODB_URI: expect.stringMatching(/^mongodb:\/\/mongo:27017\//),
      JWT_PUBLIC_KEY_FILE: '/secrets/jwt-public.pem',
      TRUST_PROXY: '1',
    });
  });

  it('gives only user-service the signing key', () => {
    const withPrivateKey = SERVICES.filter((name) => compose.services[name].environment?.JWT_PRIVATE_KEY_FILE);
    expect(withPrivateKey).toEqual(['user-service']);
  });

  it('generates keys with a one-shot container whose script exists', () => {
    expect(compose.services.keygen.volumes).toContain(
      './tools/delivery/compose/generate-secrets.mjs:/compose/generate-secrets.mjs:ro',
    );
    for (const volume of [
      ...(compose.services.keygen.volumes ?? []),
      ...(compose.services['cart-service'].volumes ?? []),
    ]) {
      const source = volume.split(':')[0];
      if (source.startsWith('./')) expect({ source, exists: repoFileExists(source) }).toEqual({ source, exists: true });
    }
  });

  it('publishes the edge on :8080 with the nginx config that routes like the Ingress', () => {
    expect(compose.services.edge.ports).toEqual(['8080:8080']);
    expect(compose.services.edge.volumes).toEqual(['./tools/delivery/compose/nginx.conf:/etc/nginx/nginx.conf:ro']);
  });
});

describe('the compose edge (nginx.conf)', () => {
  it('sends each upstream to the compose service of that name on port 3000', () => {
    expect(nginxUpstreams(nginx)).toEqual(Object.fromEntries(SERVICES.map((name) => [name, `${name}:3000`])));
  });

  it.each(SERVICES)('routes the public prefixes of %s, and what is below them, to it', (name) => {
    for (const prefix of PUBLIC_PREFIXES[name]) {
      expect(nginxRouteFor(routes, prefix)).toBe(name);
      expect(nginxRouteFor(routes, `${prefix}/`)).toBe(name);
      expect(nginxRouteFor(routes, `${prefix}/abc123/items?page=2`)).toBe(name);
      expect(nginxRouteFor(routes, `${prefix}s`)).toBeUndefined();
    }
    expect(nginxRouteFor(routes, `/docs/${name}/openapi.json`)).toBe(name);
  });

  it.each([...NEVER_PUBLIC, '/', '/api/v1', '/api/v1/pay', '/internal/v1/stock/reservations', '/docs'])(
    'never forwards %s',
    (path) => {
      expect(nginxRouteFor(routes, path)).toBeUndefined();
    },
  );

  it('agrees with the development edge (tools/edge) on every sample path', () => {
    const samples = [
      ...Object.values(PUBLIC_PREFIXES)
        .flat()
        .flatMap((prefix) => [prefix, `${prefix}/x`, `${prefix}x`]),
      ...SERVICES.map((name) => `/docs/${name}`),
      ...NEVER_PUBLIC,
      '/api/v1/authz',
    ];
    for (const path of samples) {
      expect({ path, nginx: nginxRouteFor(routes, path) }).toEqual({ path, nginx: routeFor(path) });
    }
  });
});
