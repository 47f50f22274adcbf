import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageArgsFromDirectory, main } from '../image-refs';
import { imagesSetArgs, parseImageRef } from '../lib/image-refs';
import { SERVICES } from '../lib/services';

const registry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const digest = (char: string) => `sha256:${char.repeat(64)}`;
const refOf = (service: string, char: string) => `${registry}/ecommerce/${service}@${digest(char)}`;

describe('parseImageRef', () => {
  it('splits an ECR digest reference into repository and digest', () => {
    expect(parseImageRef('cart-service', `${refOf('cart-service', 'a')}\n`)).toEqual({
      service: 'cart-service',
      repository: `${registry}/ecommerce/cart-service`,
      digest: digest('a'),
    });
  });

  it.each([
    ['a tag instead of a digest', `${registry}/ecommerce/cart-service:latest`],
    ['a short digest', `${registry}/ecommerce/cart-service@sha256:abc`],
    ['no repository', `@${digest('a')}`],
  ])('refuses %s', (_case, text) => {
    expect(() => parseImageRef('cart-service', text)).toThrow('is not <repository>@sha256:<64 hex digits>');
  });

  it('refuses a service that does not exist', () => {
    expect(() => parseImageRef('payment-service', refOf('payment-service', 'a'))).toThrow(
      '"payment-service" is not one of',
    );
  });
});

describe('imagesSetArgs', () => {
  const all = SERVICES.map((service, index) => parseImageRef(service, refOf(service, 'abcd'[index])));

  it('gives one --service name=repo@digest pair per service in a fixed order', () => {
    expect(imagesSetArgs([...all].reverse())).toEqual([
      '--service',
      `product-service=${refOf('product-service', 'a')}`,
      '--service',
      `user-service=${refOf('user-service', 'b')}`,
      '--service',
      `cart-service=${refOf('cart-service', 'c')}`,
      '--service',
      `order-service=${refOf('order-service', 'd')}`,
    ]);
  });

  it('refuses to deploy a partial set, so old and new images are never mixed by accident', () => {
    expect(() => imagesSetArgs(all.slice(0, 3))).toThrow('no image recorded for order-service');
  });

  it('refuses a service recorded twice', () => {
    expect(() => imagesSetArgs([...all, all[0]])).toThrow('product-service was recorded twice');
  });
});

describe('image-refs command', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'digests-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the digest files CI uploaded and prints the images:set arguments on one line', () => {
    SERVICES.forEach((service, index) => writeFileSync(join(dir, service), `${refOf(service, 'abcd'[index])}\n`));
    expect(imageArgsFromDirectory(dir)).toHaveLength(8);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(main([dir])).toBe(0);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/^--service product-service=\S+ --service user-service=/));
    } finally {
      log.mockRestore();
    }
  });

  it('exits non-zero with the reason when a digest is missing', () => {
    writeFileSync(join(dir, 'product-service'), refOf('product-service', 'a'));
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(main([dir])).toBe(1);
      expect(error).toHaveBeenCalledWith('no image recorded for user-service, cart-service, order-service');
      expect(main([])).toBe(2);
    } finally {
      error.mockRestore();
    }
  });
});
