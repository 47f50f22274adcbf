import { readRepoFile } from './support/repo';

/**
 * One decision about Node, held everywhere it is written down. Development and the tests run on Node
 * 20.19+ (engines.node; this machine and .ci/run have Node 20). Production runs Node 24 LTS: some runtime
 * dependencies declare Node 22+ (content-disposition, cookie, file-type), so the images, CI's workflows and
 * the docs must all name a major at least that high.
 */
const lock = JSON.parse(readRepoFile('package-lock.json')) as {
  packages: Record<string, { dev?: boolean; devOptional?: boolean; engines?: { node?: string } }>;
};
/** The oldest major a semver range lets in: the smallest leading major of its `||` alternatives. */
const lowestMajor = (range: string): number =>
  Math.min(...range.split('||').map((part) => Number(/(\d+)/.exec(part)?.[1] ?? 0)));

/** Runtime packages (not dev-only) whose engines demand more than Node 20. */
const runtimeNeeds = Object.entries(lock.packages)
  .filter(([path, entry]) => path !== '' && !entry.dev && !entry.devOptional && entry.engines?.node)
  .map(([path, entry]) => ({
    name: path.replace(/^.*node_modules\//, ''),
    major: lowestMajor(entry.engines?.node ?? ''),
  }))
  .filter(({ major }) => major > 20);
const requiredMajor = Math.max(20, ...runtimeNeeds.map(({ major }) => major));

const dockerNode = /^ARG NODE_VERSION=(\d+)\.\d+\.\d+$/m.exec(readRepoFile('Dockerfile'))?.[1];
const workflowNode = (file: string) =>
  /^ {2}NODE_VERSION: '(\d+)'$/m.exec(readRepoFile('.github', 'workflows', file))?.[1];

it('knows which runtime dependencies need more than Node 20', () => {
  expect(runtimeNeeds.map(({ name }) => name).sort()).toEqual(['content-disposition', 'cookie', 'file-type']);
});

it('builds the images on a Node LTS at least as new as every runtime dependency needs', () => {
  expect(Number(dockerNode)).toBeGreaterThanOrEqual(requiredMajor);
  expect(Number(dockerNode) % 2).toBe(0);
});

it.each(['ci.yml', 'cd.yml', 'rollback.yml'])('runs %s on the same Node major as the images', (file) => {
  expect(workflowNode(file)).toBe(dockerNode);
});

it('lets development and tests run on Node 20.19+, and says where production differs', () => {
  const engines = (JSON.parse(readRepoFile('package.json')) as { engines: { node: string } }).engines.node;
  expect(engines).toBe('>=20.19.0');
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  expect(readRepoFile('docs', 'operations', 'images.md')).toContain(`Node ${dockerNode} LTS`);
});
