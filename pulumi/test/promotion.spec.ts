import * as YAML from 'yaml';
import { SERVICE_NAMES } from '../config/services';
import { parseFlags, single, stackFilePath } from '../scripts/lib/cli';
import {
  ImageConfigError,
  describeChanges,
  promoteImages,
  readImages,
  sameImages,
  writeImages,
} from '../scripts/lib/image-config';
import { parseServiceImages } from '../scripts/lib/service-images';
import { fakeDigest, fixtureImages, stackFileText } from './helpers/stack-config';

/** The stack file without its `ecommerce:images` block, to prove nothing else moved. */
function withoutImages(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('  ecommerce:images:'));
  let end = start + 1;
  while (end < lines.length && lines[end].startsWith('    ')) end += 1;
  return [...lines.slice(0, start), ...lines.slice(end)];
}

const staging = writeImages(stackFileText('staging'), fixtureImages('staging', 'build-7')).text;
const prod = stackFileText('prod');

describe('promoteImages (staging -> prod)', () => {
  it('gives prod exactly the repository and digest of every staging image', () => {
    const result = promoteImages(staging, prod);
    expect(readImages(result.text)).toEqual(fixtureImages('staging', 'build-7'));
    expect(result.changes.map((c) => c.service)).toEqual([...SERVICE_NAMES]);
  });

  it('changes nothing but the image entries: comments, other keys and formatting survive', () => {
    const result = promoteImages(staging, prod);
    expect(withoutImages(result.text)).toEqual(withoutImages(prod));
    expect(result.text).toContain('# Only ever changed by `npm run promote`');
    expect(YAML.parse(result.text).config['ecommerce:database']).toEqual(YAML.parse(prod).config['ecommerce:database']);
  });

  it('reports only the services whose digest moves, with both digests', () => {
    const promoted = promoteImages(staging, prod).text;
    const next = fixtureImages('staging', 'build-7');
    next['cart-service'] = { ...next['cart-service'], digest: fakeDigest('cart-hotfix') };
    const result = promoteImages(writeImages(staging, next).text, promoted);
    expect(result.changes).toEqual([
      {
        service: 'cart-service',
        before: fixtureImages('staging', 'build-7')['cart-service'],
        after: next['cart-service'],
      },
    ]);
    expect(describeChanges(result.changes)).toEqual([
      `cart-service: ${fakeDigest('cart-service-build-7')} -> ${fakeDigest('cart-hotfix')}`,
    ]);
  });

  it('leaves the file untouched and says so when prod already runs staging digests', () => {
    const promoted = promoteImages(staging, prod).text;
    const again = promoteImages(staging, promoted);
    expect(again.changes).toEqual([]);
    expect(again.text).toBe(promoted);
    expect(describeChanges(again.changes)).toEqual(['No image changes: the target already runs these digests.']);
  });

  it('refuses while staging has no images at all (nothing verified yet)', () => {
    expect(() => promoteImages(stackFileText('staging'), prod)).toThrow(ImageConfigError);
    expect(() => promoteImages(stackFileText('staging'), prod)).toThrow(/has no image for product-service/);
  });

  it('refuses when one staging image is missing, listing it, and writes nothing', () => {
    const partial = YAML.parseDocument(staging);
    partial.deleteIn(['config', 'ecommerce:images', 'order-service']);
    expect(() => promoteImages(partial.toString(), prod)).toThrow(/has no image for order-service/);
  });

  it.each([
    ['a tag instead of a digest', 'v1.2.3'],
    ['a short digest', 'sha256:abc123'],
    ['an uppercase digest', `sha256:${'A'.repeat(64)}`],
    ['another algorithm', `sha512:${'a'.repeat(64)}`],
  ])('refuses a staging image with %s', (_case, digest) => {
    const bad = YAML.parseDocument(staging);
    bad.setIn(['config', 'ecommerce:images', 'user-service', 'digest'], digest);
    expect(() => promoteImages(bad.toString(), prod)).toThrow(/user-service\.digest: .* is not a sha256 digest/);
  });

  it('refuses an unknown service name in staging (a typo would otherwise be promoted silently)', () => {
    const bad = YAML.parseDocument(staging);
    bad.setIn(['config', 'ecommerce:images', 'prodcut-service'], {
      repository: 'r.example.com/x',
      digest: fakeDigest('x'),
    });
    expect(() => promoteImages(bad.toString(), prod)).toThrow(/"prodcut-service" is not one of the four services/);
  });
});

describe('set-images (CD records pushed digests)', () => {
  const repo = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecommerce-staging';

  it('parses --service name=repository@digest for each service', () => {
    const updates = parseServiceImages([`product-service=${repo}/product-service@${fakeDigest('p')}`]);
    expect(updates).toEqual({ 'product-service': { repository: `${repo}/product-service`, digest: fakeDigest('p') } });
  });

  it('refuses tags, unknown services, duplicates and empty input, listing every problem', () => {
    const attempt = () =>
      parseServiceImages([
        `product-service=${repo}/product-service:latest`,
        `basket-service=${repo}/basket@${fakeDigest('b')}`,
        `cart-service=${repo}/cart-service@${fakeDigest('c')}`,
        `cart-service=${repo}/cart-service@${fakeDigest('c2')}`,
      ]);
    expect(attempt).toThrow(ImageConfigError);
    let problems: string[] = [];
    try {
      attempt();
    } catch (error) {
      problems = (error as ImageConfigError).problems;
    }
    expect(problems).toEqual([
      expect.stringMatching(/^product-service: .* has no digest/),
      expect.stringContaining('"basket-service='),
      'cart-service given twice',
    ]);
    expect(() => parseServiceImages([])).toThrow(/no --service given/);
  });

  it('updates one service in place and keeps the others', () => {
    const updated = writeImages(staging, {
      'order-service': { repository: `${repo}/order-service`, digest: fakeDigest('o2') },
    });
    expect(readImages(updated.text)['order-service']).toEqual({
      repository: `${repo}/order-service`,
      digest: fakeDigest('o2'),
    });
    expect(readImages(updated.text)['user-service']).toEqual(fixtureImages('staging', 'build-7')['user-service']);
    expect(withoutImages(updated.text)).toEqual(withoutImages(staging));
  });

  it('fills an empty images map as a block, leaving the comment above it', () => {
    const updated = writeImages(stackFileText('staging'), fixtureImages('staging'));
    expect(updated.text).toContain('# Written by CD (pulumi/scripts/set-images.ts)');
    expect(updated.text).toMatch(/ecommerce:images:\n {4}product-service:\n {6}repository: /);
  });

  it('compares image maps by content, not key order', () => {
    const images = fixtureImages('staging');
    const reversed = Object.fromEntries(Object.entries(images).reverse());
    expect(sameImages(images, reversed)).toBe(true);
    expect(
      sameImages(images, { ...images, 'cart-service': { ...images['cart-service'], digest: fakeDigest('z') } }),
    ).toBe(false);
  });
});

describe('CLI arguments', () => {
  it('collects repeated flags and accepts --flag=value', () => {
    const flags = parseFlags(['--stack', 'staging', '--service', 'a=1', '--service=b=2'], ['stack', 'service']);
    expect(single(flags, 'stack')).toBe('staging');
    expect(flags.get('service')).toEqual(['a=1', 'b=2']);
  });

  it('rejects unknown flags and missing values instead of guessing', () => {
    expect(() => parseFlags(['--form', 'staging'], ['from', 'to'])).toThrow(/Unknown argument "--form"/);
    expect(() => parseFlags(['--from'], ['from'])).toThrow(/--from needs a value/);
    expect(() => single(new Map(), 'stack')).toThrow(/--stack is required/);
  });

  it('only resolves stack files for plain stack names', () => {
    expect(stackFilePath('prod', '/repo')).toBe('/repo/Pulumi.prod.yaml');
    expect(() => stackFilePath('../etc/passwd', '/repo')).toThrow(/is not a stack name/);
  });
});
