import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { integrityOf, nodeBinaryPath, PINNED_NODE } from './node-runtime';

describe('the pinned Node for benchmarks', () => {
  it('is the production image’s version', () => {
    const dockerfile = readFileSync(join(__dirname, '..', '..', 'Dockerfile'), 'utf8');
    expect(/^ARG NODE_VERSION=(\S+)$/m.exec(dockerfile)?.[1]).toBe(PINNED_NODE.version);
  });

  it('is pinned to a sha512 integrity, as npm records it', () => {
    expect(PINNED_NODE.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
    expect(integrityOf(Buffer.from('abc'))).toBe(
      'sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==',
    );
  });

  it('lives in the git-ignored tool folder, one folder per version', () => {
    expect(nodeBinaryPath({ version: '1.2.3', integrity: 'x' }, '/t')).toBe('/t/node@1.2.3/bin/node');
  });
});
