import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { imagesReadyToDeploy, parseImageReference } from '../config/images';
import { parseStackSettings, workloadOf } from '../config/settings';
import { subnetCidr, subnetLayout } from '../lib/cidr';
import { SERVICE_NAMES } from '../config/services';
import { readChartValues } from './helpers/helm-values';
import type { Json } from './helpers/mocks';
import { testKeyPair } from './helpers/keys';
import { REPO_ROOT, fixtureImages, stackEcommerceConfig } from './helpers/stack-config';

describe('stack settings', () => {
  it.each(['staging', 'prod'] as const)('accepts the committed %s config', (stack) => {
    const settings = parseStackSettings(stack, 'eu-west-1', stackEcommerceConfig(stack));
    expect(settings.nodeGroup).toEqual(
      stack === 'staging'
        ? { instanceType: 't3.medium', minSize: 2, maxSize: 4, desiredSize: 3, diskSizeGb: 40, perZone: false }
        : { instanceType: 't3.medium', minSize: 1, maxSize: 2, desiredSize: 1, diskSizeGb: 40, perZone: true },
    );
    expect(settings.images).toEqual({});
    expect(settings.jwt.additionalPublicKeys).toEqual([]);
    expect(settings.adminEmail).toBe('shop-admin@shop.example.com');
  });

  it('differs between staging and prod only where availability and size are concerned', () => {
    const staging = parseStackSettings('staging', 'eu-west-1', stackEcommerceConfig('staging'));
    const prod = parseStackSettings('prod', 'eu-west-1', stackEcommerceConfig('prod'));
    expect([staging.network.natGateways, prod.network.natGateways]).toEqual(['single', 'perZone']);
    expect([staging.database.members, prod.database.members]).toEqual([1, 3]);
    expect([staging.workload.minReplicas, prod.workload.minReplicas]).toEqual([1, 2]);
    expect([staging.workload.pdbMaxUnavailable, prod.workload.pdbMaxUnavailable]).toEqual([0, 1]);
    // Prod: one group per zone, sized per zone (3 to 6 nodes); staging: one group across zones (2 to 4).
    expect(prod.nodeGroup).toEqual({ ...staging.nodeGroup, perZone: true, minSize: 1, maxSize: 2, desiredSize: 1 });
    expect([staging.cache, prod.cache]).toEqual([
      { nodeType: 'cache.t4g.micro', nodes: 1 },
      { nodeType: 'cache.t4g.small', nodes: 2 },
    ]);
  });

  it('lists every problem of a badly edited stack file at once', () => {
    const raw = stackEcommerceConfig('prod') as Json;
    const broken = {
      ...raw,
      network: { ...raw.network, natGateways: 'two', availabilityZones: ['eu-west-1a'] },
      nodeGroup: { ...raw.nodeGroup, desiredSize: 9 },
      database: { ...raw.database, members: 2 },
      workload: { ...raw.workload, pdbMaxUnavailable: 2 },
      alertEmail: 'not-an-address',
      jwt: undefined,
    };
    let message = '';
    try {
      parseStackSettings('prod', 'eu-west-1', broken);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(
      message
        .split('\n')
        .slice(1)
        .map((line) => line.trim()),
    ).toEqual([
      expect.stringMatching(/^- jwt: expected an object/),
      expect.stringMatching(/^- network\.availabilityZones: expected a list of at least 3 item/),
      expect.stringMatching(/^- network\.natGateways: expected one of single, perZone/),
      expect.stringMatching(/^- nodeGroup\.desiredSize: must lie between minSize and maxSize/),
      expect.stringMatching(/^- database\.members: a replica set needs an odd number/),
      expect.stringMatching(/^- workload\.pdbMaxUnavailable: must be below minReplicas/),
      expect.stringMatching(/^- alertEmail: "not-an-address" does not match/),
    ]);
  });

  it('refuses an image entry without a digest or for an unknown service', () => {
    const raw = {
      ...stackEcommerceConfig('staging'),
      images: { 'cart-service': { repository: 'r.example.com/cart', digest: 'latest' }, web: {} },
    };
    expect(() => parseStackSettings('staging', 'eu-west-1', raw)).toThrow(
      /images\.cart-service\.digest: "latest" is not a sha256 digest/,
    );
    expect(() => parseStackSettings('staging', 'eu-west-1', raw)).toThrow(
      /images: "web" is not one of the four services/,
    );
  });
});

/** The problems parseStackSettings lists for a config, one per line, without the leading "- ". */
function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    parseStackSettings('staging', 'eu-west-1', raw);
  } catch (error) {
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim().replace(/^- /, ''));
  }
  return [];
}

describe('jwt.additionalPublicKeys', () => {
  const rsa = testKeyPair('rs256');
  const ec = testKeyPair('es256');
  const withKeys = (keys: unknown) => {
    const raw = stackEcommerceConfig('staging') as Json;
    return { ...raw, jwt: { ...raw.jwt, additionalPublicKeys: keys } };
  };

  it('reads RS256 and ES256 public keys into canonical PEM, however they were pasted', () => {
    const settings = parseStackSettings(
      'staging',
      'eu-west-1',
      withKeys([rsa.publicKey.replace(/\n/g, '\r\n'), ec.publicKey]),
    );
    expect(settings.jwt.additionalPublicKeys).toEqual([rsa.publicKey, ec.publicKey]);
  });

  it('refuses, item by item, what the services could not verify with, never echoing the key', () => {
    const privateKey = testKeyPair('es256').privateKey;
    const problems = problemsOf(
      withKeys([
        rsa.publicKey,
        privateKey,
        testKeyPair('rsa1024').publicKey,
        testKeyPair('p384').publicKey,
        rsa.publicKey + ec.publicKey,
        'ssh-ed25519 AAAAC3Nza',
        42,
        rsa.publicKey,
      ]),
    );
    expect(problems).toEqual([
      'jwt.additionalPublicKeys[1]: is a private key: list public keys only (openssl pkey -pubout)',
      'jwt.additionalPublicKeys[2]: must be an RSA key of at least 2048 bits (RS256) or a P-256 EC key (ES256)',
      'jwt.additionalPublicKeys[3]: must be an RSA key of at least 2048 bits (RS256) or a P-256 EC key (ES256)',
      'jwt.additionalPublicKeys[4]: holds 2 PEM blocks: give exactly one public key per list item',
      'jwt.additionalPublicKeys[5]: holds 0 PEM blocks: give exactly one public key per list item',
      'jwt.additionalPublicKeys[6]: expected a PEM public key (a string)',
      'jwt.additionalPublicKeys[7]: is the same key as additionalPublicKeys[0]: list it once',
    ]);
    expect(problems.join('\n')).not.toContain(privateKey.split('\n')[1]);
    expect(problems.join('\n')).not.toContain('AAAAC3Nza');
  });

  it('refuses something other than a list, and more keys than user-service’s JWKS may publish', () => {
    expect(problemsOf(withKeys('-----BEGIN PUBLIC KEY-----'))).toEqual(['jwt.additionalPublicKeys: expected a list']);
    const ten = [...Array(10).keys()].map(() => testKeyPair('es256').publicKey);
    expect(problemsOf(withKeys(ten))).toEqual(['jwt.additionalPublicKeys: at most 9 keys (a rotation needs one)']);
  });

  it('defaults to no additional keys', () => {
    const raw = stackEcommerceConfig('staging') as Json;
    const settings = parseStackSettings('staging', 'eu-west-1', {
      ...raw,
      jwt: { issuer: 'https://x.example', audience: 'a' },
    });
    expect(settings.jwt.additionalPublicKeys).toEqual([]);
  });
});

describe('adminEmail', () => {
  const withEmail = (adminEmail: unknown) => ({ ...stackEcommerceConfig('prod'), adminEmail });

  it('is optional: unset or empty (Pulumi.yaml’s default) means no admin bootstrap', () => {
    expect(parseStackSettings('prod', 'eu-west-1', withEmail(undefined)).adminEmail).toBeUndefined();
    expect(parseStackSettings('prod', 'eu-west-1', withEmail('')).adminEmail).toBeUndefined();
  });

  it('is lower-cased as user-service stores it', () => {
    expect(parseStackSettings('prod', 'eu-west-1', withEmail('Ops.Lead@Shop.Example.com')).adminEmail).toBe(
      'ops.lead@shop.example.com',
    );
  });

  it('refuses what user-service would refuse as an address', () => {
    expect(problemsOf(withEmail('not-an-address'))).toEqual([
      expect.stringMatching(/^adminEmail: "not-an-address" does not match/),
    ]);
    expect(problemsOf(withEmail(`${'a'.repeat(250)}@x.io`))).toEqual(['adminEmail: longer than 254 characters']);
    expect(problemsOf(withEmail(['a@b.io']))).toEqual(['adminEmail: expected a string']);
  });
});

describe('cache', () => {
  const withCache = (cache: unknown) => ({ ...stackEcommerceConfig('prod'), cache });

  it('refuses a missing cache, an unknown node type and node counts ElastiCache does not take', () => {
    expect(problemsOf(withCache(undefined))).toEqual(['cache: expected an object']);
    expect(problemsOf(withCache({ nodeType: 't4g.small', nodes: 0 }))).toEqual([
      expect.stringMatching(/^cache\.nodeType: "t4g\.small" does not match/),
      'cache.nodes: expected an integer from 1 to 6',
    ]);
    expect(problemsOf(withCache({ nodeType: 'cache.t4g.small', nodes: 7 }))).toEqual([
      'cache.nodes: expected an integer from 1 to 6',
    ]);
  });
});

describe('images to deploy', () => {
  it('deploys the services with all four images and skips them with none (bootstrap)', () => {
    expect(imagesReadyToDeploy(fixtureImages('staging'))).toBe(true);
    expect(imagesReadyToDeploy({})).toBe(false);
  });

  it('refuses a partial set instead of silently skipping a service', () => {
    const { 'user-service': _dropped, ...three } = fixtureImages('staging');
    expect(() => imagesReadyToDeploy(three)).toThrow('ecommerce:images is missing user-service: set all four or none');
  });

  it('parses only digest references', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    expect(parseImageReference(`registry.example.com:5000/team/app@${digest}`)).toEqual({
      repository: 'registry.example.com:5000/team/app',
      digest,
    });
    expect(() => parseImageReference('registry.example.com/app:1.0')).toThrow(/has no digest/);
    expect(() => parseImageReference(`registry.example.com/app:1.0@${digest}`)).toThrow(/invalid repository/);
  });
});

describe('subnet layout', () => {
  it('carves three large private and three small public subnets from a /16 without overlap', () => {
    expect(subnetLayout('10.20.0.0/16', 3)).toEqual({
      privateCidrs: ['10.20.0.0/19', '10.20.32.0/19', '10.20.64.0/19'],
      publicCidrs: ['10.20.96.0/22', '10.20.100.0/22', '10.20.104.0/22'],
    });
  });

  it('refuses blocks that do not fit', () => {
    expect(() => subnetCidr('10.0.0.0/16', 15, 0)).toThrow(/does not fit/);
    expect(() => subnetCidr('10.0.0.0/16', 17, 2)).toThrow(/has no block #2/);
  });
});

describe('Pulumi.yaml', () => {
  const project = YAML.parse(readFileSync(path.join(REPO_ROOT, 'Pulumi.yaml'), 'utf8'));
  const declared = Object.keys(project.config);

  it('is a TypeScript Node.js project whose program lives in pulumi/', () => {
    expect(project).toMatchObject({
      name: 'ecommerce',
      runtime: { name: 'nodejs', options: { typescript: true } },
      main: 'pulumi/',
    });
  });

  it.each(['staging', 'prod'] as const)(
    'describes every key Pulumi.%s.yaml sets, and that file sets every plain key',
    (stack) => {
      const committed = Object.keys(stackEcommerceConfig(stack));
      expect(committed.filter((key) => !declared.includes(key))).toEqual([]);
      const plain = declared.filter((key) => !project.config[key].secret);
      expect(plain.filter((key) => !committed.includes(key))).toEqual([]);
      for (const key of declared) expect(project.config[key].description.length).toBeGreaterThan(20);
    },
  );

  it('declares adminEmail optional (empty by default), so removing it from a stack turns the admin bootstrap off', () => {
    expect(project.config.adminEmail).toMatchObject({ type: 'string', default: '' });
  });

  it('commits no secret: secret keys are declared as such and absent from the stack files until set with --secret', () => {
    const secrets = declared.filter((key) => project.config[key].secret);
    expect(secrets).toEqual(['jwtPrivateKey', 'stripeSecretKey', 'stripeWebhookSecret', 'releaseSlackToken']);
    for (const stack of ['staging', 'prod'] as const)
      for (const secret of secrets) expect(Object.keys(stackEcommerceConfig(stack))).not.toContain(secret);
  });
});

describe('stack config and the charts’ own values-<stack>.yaml', () => {
  // The stack config wins when deploying; the chart files serve plain `helm install` (CI's kind test).
  // Kept equal so both describe the same environment.
  it.each(['staging', 'prod'] as const)('agree on %s sizing', (stack) => {
    const settings = parseStackSettings(stack, 'eu-west-1', stackEcommerceConfig(stack));
    for (const service of SERVICE_NAMES) {
      const chart = readChartValues(service, `values-${stack}.yaml`);
      const sizing = workloadOf(settings.workload, service);
      // The target as helm would have it: the stack file's, else the chart's default.
      const defaults = readChartValues(service, 'values.yaml').autoscaling as Json;
      expect({ ...defaults, ...(chart.autoscaling as Json) }).toMatchObject({
        minReplicas: sizing.minReplicas,
        maxReplicas: sizing.maxReplicas,
        targetCPUUtilizationPercentage: sizing.targetCPUUtilizationPercentage,
      });
      expect(chart.resources).toEqual({ requests: sizing.requests, limits: sizing.limits });
      expect((chart.config as Json).LOG_LEVEL).toBe(sizing.logLevel);
    }
    const mongodb = readChartValues('mongodb', `values-${stack}.yaml`) as Json;
    expect(mongodb.replicaSet.members).toBe(settings.database.members);
    expect(mongodb.persistence.dataSize).toBe(`${settings.database.storageGi}Gi`);
  });
});

describe('per-service workload overrides (ecommerce:workload.services)', () => {
  const withUserService = (override: unknown) => {
    const raw = stackEcommerceConfig('prod') as Json;
    return { ...raw, workload: { ...raw.workload, services: { 'user-service': override } } };
  };
  const problemsOf = (raw: unknown): string => {
    try {
      parseStackSettings('prod', 'eu-west-1', raw as Json);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('sizes user-service for password hashing in both stacks, the others as the shared sizing', () => {
    for (const stack of ['staging', 'prod'] as const) {
      const { workload } = parseStackSettings(stack, 'eu-west-1', stackEcommerceConfig(stack));
      const { services, ...shared } = workload;
      expect(workloadOf(workload, 'product-service')).toEqual(shared);
      expect(Object.keys(services)).toEqual(['user-service']);
      expect(workloadOf(workload, 'user-service')).toMatchObject({
        logLevel: shared.logLevel,
        limits: { memory: '512Mi' },
      });
    }
    const prod = parseStackSettings('prod', 'eu-west-1', stackEcommerceConfig('prod')).workload;
    expect(workloadOf(prod, 'user-service')).toMatchObject({
      minReplicas: 2,
      maxReplicas: 8,
      targetCPUUtilizationPercentage: 60,
      requests: { cpu: '500m', memory: prod.requests.memory },
    });
  });

  it('lays an override over the shared sizing and validates the whole', () => {
    const { workload } = parseStackSettings('prod', 'eu-west-1', withUserService({ maxReplicas: 10 }) as Json);
    expect(workloadOf(workload, 'user-service')).toEqual({ ...workload, services: undefined, maxReplicas: 10 });
    // min above the shared max: refused although each value alone is within bounds.
    expect(problemsOf(withUserService({ minReplicas: 7 }))).toMatch(
      /workload\.services\.user-service\.maxReplicas: must be at least minReplicas/,
    );
    expect(problemsOf(withUserService({ requests: { cpu: 'lots' } }))).toMatch(
      /workload\.services\.user-service\.requests\.cpu: "lots" does not match/,
    );
  });

  it('refuses an override of a service that does not exist', () => {
    const raw = stackEcommerceConfig('prod') as Json;
    const typo = { ...raw, workload: { ...raw.workload, services: { 'users-service': { minReplicas: 3 } } } };
    expect(problemsOf(typo)).toMatch(/workload\.services\.users-service: not a service \(one of product-service/);
  });
});
