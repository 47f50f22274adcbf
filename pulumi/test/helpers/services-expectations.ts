import { createHash } from 'node:crypto';
import { isPublicService, SERVICE_NAMES, SERVICES } from '../../config/services';
import { publicKeyOf } from '../../services/service-secrets';
import { chartFile, effectiveValues } from './helm-values';
import { valuesSchemaErrors } from '../../../helm/tools/values-schema';
import { committedConfig } from './infrastructure-expectations';
import { isSecret, reveal, type Json } from './mocks';
import { ofType, outputValue, single, type ProgramRun } from './run-program';
import { TEST_JWT_PRIVATE_KEY, TEST_STRIPE_KEYS, type StackName } from './stack-config';
import { RELEASE, SECRET, generatedSecrets, releaseValues, valuesFilePaths } from './workload-expectations';

/** Expectations both stacks must meet on the four service releases and on keeping secrets out of values. */
export function describeServices(stack: StackName, run: () => ProgramRun): void {
  const config = committedConfig(stack);
  const release = (name: string) => single(run(), RELEASE, name);

  describe(`${stack}: services`, () => {
    it.each(SERVICE_NAMES)('installs helm/%s at the image digest from stack config', async (service) => {
      const r = release(`services-${service}`);
      expect(r.inputs).toMatchObject({
        name: service,
        namespace: 'ecommerce',
        chart: chartFile(service, '').replace(/\/$/, ''),
        atomic: true,
      });
      expect(await valuesFilePaths(r)).toEqual([chartFile(service, `values-${stack}.yaml`)]);
      const images = run().outputs.images as Record<string, { repository: string; digest: string }>;
      expect(releaseValues(r).image).toEqual({ ...images[service], pullPolicy: 'IfNotPresent' });
      expect(releaseValues(r).image.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(releaseValues(r).existingSecret).toBe(`${service}-env`);
    });

    it.each(SERVICE_NAMES)('passes %s values its chart schema accepts', (service) => {
      const values = effectiveValues(service, stack, releaseValues(release(`services-${service}`)));
      expect(valuesSchemaErrors(service, values)).toEqual([]);
    });

    it('sizes every service from the stack config; none has an Ingress or lets the ALB in (the gateway does)', () => {
      const shared = config['ecommerce:workload'];
      for (const service of SERVICE_NAMES) {
        // What the stack file says for this service: its own entry under `services` laid over the shared sizing.
        const own = shared.services?.[service] ?? {};
        const workload = {
          ...shared,
          ...own,
          requests: { ...shared.requests, ...own.requests },
          limits: { ...shared.limits, ...own.limits },
        };
        const values = releaseValues(release(`services-${service}`));
        expect(values.autoscaling).toMatchObject({
          enabled: true,
          minReplicas: workload.minReplicas,
          maxReplicas: workload.maxReplicas,
        });
        expect(values.resources).toEqual({ requests: workload.requests, limits: workload.limits });
        expect(values.pdb).toEqual(
          workload.pdbMaxUnavailable > 0
            ? { create: true, maxUnavailable: workload.pdbMaxUnavailable }
            : { create: false },
        );
        expect(values.serviceMonitor.enabled).toBe(true);
        // Every public request arrives through the edge gateway, whose Ingress alone takes the shared ALB.
        // The charts' stack files turn it on for a plain `helm install`: the program turns it off.
        expect(values.ingress).toEqual(isPublicService(service) ? { enabled: false } : undefined);
        expect(values.networkPolicy.loadBalancer).toBeUndefined();
        // CORS is answered once, by the gateway: a service adding its own headers would send them twice.
        expect(values.config).not.toHaveProperty('CORS_ALLOWED_ORIGINS');
      }
    });

    it('gives each service a Secret with exactly the keys its chart expects, all marked secret', () => {
      const expectedKeys: Record<string, string[]> = {
        'product-service': ['JWT_PUBLIC_KEY', 'MONGODB_URI', 'REDIS_URL'],
        'user-service': [
          'ADMIN_EMAIL',
          'ADMIN_PASSWORD',
          'JWT_PRIVATE_KEY',
          'JWT_PUBLIC_KEY',
          'MONGODB_URI',
          'REDIS_URL',
          'SERVICE_CLIENTS',
        ],
        'cart-service': ['JWT_PUBLIC_KEY', 'MONGODB_URI', 'REDIS_URL', 'SERVICE_CLIENT_SECRET'],
        'order-service': [
          'AMQP_URL',
          'JWT_PUBLIC_KEY',
          'MONGODB_URI',
          'REDIS_URL',
          'SERVICE_CLIENT_SECRET',
          'STRIPE_SECRET_KEY',
          'STRIPE_WEBHOOK_SECRET',
        ],
        'notification-service': ['AMQP_URL', 'JWT_PUBLIC_KEY', 'MONGODB_URI', 'SERVICE_CLIENT_SECRET'],
      };
      for (const service of SERVICE_NAMES) {
        const secret = single(run(), SECRET, `services-${service}`).inputs as Json;
        expect(secret.metadata).toEqual({ name: `${service}-env`, namespace: 'ecommerce' });
        expect(isSecret(secret.stringData)).toBe(true);
        const env = reveal(secret.stringData) as Record<string, string>;
        expect(Object.keys(env).sort()).toEqual(expectedKeys[service]);
        expect(env.JWT_PUBLIC_KEY).toBe(publicKeyOf(TEST_JWT_PRIVATE_KEY));
        const password = `generated-database-${service}-xxxxxxxx`;
        const hosts = [...Array(config['ecommerce:database'].members).keys()].map(
          (i) => `mongodb-${i}.mongodb-svc.database.svc.cluster.local:27017`,
        );
        expect(env.MONGODB_URI).toBe(
          `mongodb://${service}:${password}@${hosts.join(',')}/${SERVICES[service].database}?replicaSet=mongodb&authSource=admin`,
        );
      }
    });

    it('lets user-service accept exactly the client secrets cart-service, order-service and notification-service present', () => {
      const env = (service: string) =>
        reveal(single(run(), SECRET, `services-${service}`).inputs.stringData) as Record<string, string>;
      const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
      expect(JSON.parse(env('user-service').SERVICE_CLIENTS)).toEqual([
        { clientId: 'cart-service', secretSha256: sha256(env('cart-service').SERVICE_CLIENT_SECRET) },
        { clientId: 'order-service', secretSha256: sha256(env('order-service').SERVICE_CLIENT_SECRET) },
        {
          clientId: 'notification-service',
          secretSha256: sha256(env('notification-service').SERVICE_CLIENT_SECRET),
        },
      ]);
      expect(env('user-service').SERVICE_CLIENTS).not.toContain(env('cart-service').SERVICE_CLIENT_SECRET);
      expect(env('user-service').JWT_PRIVATE_KEY).toBe(TEST_JWT_PRIVATE_KEY);
    });

    it('runs order-service on Stripe with the stack’s secret keys (its mode), in its Secret only', () => {
      const env = reveal(single(run(), SECRET, 'services-order-service').inputs.stringData) as Record<string, string>;
      expect(env.STRIPE_SECRET_KEY).toBe(TEST_STRIPE_KEYS[stack].secretKey);
      expect(env.STRIPE_WEBHOOK_SECRET).toBe(TEST_STRIPE_KEYS[stack].webhookSecret);
      expect(env.STRIPE_SECRET_KEY).toMatch(stack === 'prod' ? /^(sk|rk)_live_/ : /^(sk|rk)_test_/);
      for (const service of SERVICE_NAMES) {
        const values = releaseValues(release(`services-${service}`));
        expect(values.config.PAYMENT_PROVIDER).toBe(service === 'order-service' ? 'stripe' : undefined);
      }
      const elsewhere = run().resources.filter((r) => r.name !== 'services-order-service');
      for (const r of elsewhere) {
        const text = JSON.stringify(reveal(r.inputs));
        expect(text).not.toContain(TEST_STRIPE_KEYS[stack].secretKey);
        expect(text).not.toContain(TEST_STRIPE_KEYS[stack].webhookSecret);
      }
      // The secret-checksum annotation, the only trace elsewhere, is a digest that rolls the pods on rotation.
    });

    it('connects every service that keeps rate limits to the shared cache over TLS with the generated AUTH token', () => {
      for (const service of SERVICE_NAMES.filter((s) => SERVICES[s].usesRedis)) {
        const env = reveal(single(run(), SECRET, `services-${service}`).inputs.stringData) as Record<string, string>;
        expect(env.REDIS_URL).toBe(
          'rediss://:generated-cache-auth-token-xxxxxxxx@master.cache.mock01.euw1.cache.amazonaws.com:6379',
        );
      }
    });

    it('bootstraps the configured admin in user-service with a generated password, exported as a secret output', async () => {
      const env = reveal(single(run(), SECRET, 'services-user-service').inputs.stringData) as Record<string, string>;
      const password = single(run(), 'random:index/randomPassword:RandomPassword', 'services-admin-password');
      expect(password.inputs).toMatchObject({ length: 32, special: false, minUpper: 2, minLower: 2, minNumeric: 2 });
      expect(env.ADMIN_EMAIL).toBe(config['ecommerce:adminEmail']);
      expect(env.ADMIN_PASSWORD).toBe('generated-services-admin-password-xxxxxxxx');
      const output = run().outputs.adminPassword as { isSecret: Promise<boolean> };
      expect(await output.isSecret).toBe(true);
      expect(await outputValue(output)).toBe(env.ADMIN_PASSWORD);
    });

    it('rolls a service’s pods whenever its Secret changes: the pod template carries the Secret’s SHA-256', () => {
      const checksums = SERVICE_NAMES.map((service) => {
        const env = reveal(single(run(), SECRET, `services-${service}`).inputs.stringData) as Record<string, string>;
        const sorted = Object.fromEntries(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
        const annotations = releaseValues(release(`services-${service}`)).podAnnotations;
        expect(isSecret(annotations['ecommerce/secret-checksum'])).toBe(false);
        expect(annotations).toEqual({
          'ecommerce/secret-checksum': createHash('sha256').update(JSON.stringify(sorted)).digest('hex'),
        });
        return annotations['ecommerce/secret-checksum'];
      });
      expect(new Set(checksums).size).toBe(SERVICE_NAMES.length);
    });

    it('lets each service out to the collector, to the cache, the services on the bus to the broker, and 443 only for Stripe and SES', () => {
      const privateCidrs = ofType(run(), 'aws:ec2/subnet:Subnet')
        .filter((s) => s.name.includes('-private-'))
        .map((s) => s.inputs.cidrBlock);
      expect(privateCidrs).toHaveLength(3);
      const inPrivateSubnets = (port: number) => ({
        to: privateCidrs.map((cidr) => ({ ipBlock: { cidr } })),
        ports: [{ port, protocol: 'TCP' }],
      });
      // api.stripe.com, SES and STS have no fixed address range: HTTPS to anywhere, for the one service needing each.
      const https = { ports: [{ port: 443, protocol: 'TCP' }] };
      // Every service exports traces to the collector's pods (OTLP/HTTP), and reaches nothing else there.
      const collector = {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tracing' } },
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/name': 'opentelemetry-collector',
                'app.kubernetes.io/instance': 'otel-collector',
              },
            },
          },
        ],
        ports: [{ port: 4318, protocol: 'TCP' }],
      };
      const expected: Record<string, object[]> = {
        'product-service': [collector, inPrivateSubnets(6379)],
        'user-service': [collector, inPrivateSubnets(6379)],
        'cart-service': [collector, inPrivateSubnets(6379)],
        'order-service': [collector, inPrivateSubnets(6379), inPrivateSubnets(5671), https],
        'notification-service': [collector, inPrivateSubnets(5671), https],
      };
      for (const service of SERVICE_NAMES) {
        expect(releaseValues(release(`services-${service}`)).networkPolicy.extraEgress).toEqual(expected[service]);
      }
    });
  });

  describe(`${stack}: no secret in clear`, () => {
    it('puts no generated password, signing key or credentialed URL into any Helm release', () => {
      const releases = ofType(run(), RELEASE);
      expect(releases.length).toBeGreaterThanOrEqual(10);
      const forbidden = [
        ...generatedSecrets(run()),
        TEST_JWT_PRIVATE_KEY.split('\n')[1],
        TEST_STRIPE_KEYS[stack].secretKey,
        TEST_STRIPE_KEYS[stack].webhookSecret,
      ];
      for (const r of releases) {
        expect(isSecret(r.inputs.values)).toBe(false);
        const text = JSON.stringify(reveal(r.inputs));
        for (const secret of forbidden) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/mongodb:\/\/[^"/]*:[^"/]*@/);
        expect(text).not.toMatch(/rediss?:\/\/[^"/]*:[^"/]*@/);
        expect(text).not.toMatch(/amqps?:\/\/[^"/]*:[^"/]*@/);
      }
    });

    it('marks every Kubernetes Secret’s data secret in Pulumi state', () => {
      const secrets = ofType(run(), SECRET);
      // Database passwords (one per service, backup, restore), one per service, Grafana's, the rollout
      // controller's notification credentials.
      expect(secrets.length).toBe(SERVICE_NAMES.length + 2 + SERVICE_NAMES.length + 1 + 1);
      for (const s of secrets) expect(isSecret(s.inputs.stringData)).toBe(true);
    });
  });
}
