import { parse } from 'yaml';
import { edgeOptionsFromEnv } from '../../edge/edge-cli';
import { SERVICES } from '../lib/services';
import { readRepoFile, repoFileExists } from './support/repo';

interface ComposeService {
  image?: string;
  build?: { context: string; args?: Record<string, string>; target?: string };
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
const sharedEnv = (compose as unknown as { 'x-env': Record<string, string> })['x-env'];

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

  it('publishes the edge on :8080: the development edge (tools/edge) built from the Dockerfile, hardened', () => {
    const edge = compose.services.edge;
    expect(edge.build).toEqual({ context: '.', target: 'edge' });
    expect(edge.ports).toEqual(['8080:8080']);
    expect(edge).toMatchObject({ read_only: true, tmpfs: ['/tmp'], cap_drop: ['ALL'] });
    expect(edge.depends_on).toEqual(
      Object.fromEntries(SERVICES.map((name) => [name, { condition: 'service_healthy' }])),
    );
    expect(readRepoFile('Dockerfile')).toMatch(
      /FROM packages AS edge[\s\S]*COPY helm\/gateway\/values.yaml [\s\S]*USER node[\s\S]*tools\/edge\/edge-cli.ts/,
    );
  });

  it('gives the edge every service at its compose name and the token issuer and audience the services accept', () => {
    const options = edgeOptionsFromEnv(compose.services.edge.environment ?? {});
    expect(options.targets).toEqual(Object.fromEntries(SERVICES.map((name) => [name, { host: name, port: 3000 }])));
    expect(options.auth).toEqual({ issuer: sharedEnv.JWT_ISSUER, audience: sharedEnv.JWT_AUDIENCE });
    expect(options.rateLimitOverride).toBeUndefined();
  });
});
