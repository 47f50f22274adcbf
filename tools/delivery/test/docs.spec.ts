import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { readRepoFile, repoFileExists, repoPath } from './support/repo';

/** Pages other parts of the repository write; links to them are checked once they exist. */
const PROVIDED_ELSEWHERE = ['docs/helm/mongodb-restore.md'];

function markdownFiles(dir: string): string[] {
  return readdirSync(repoPath(dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? markdownFiles(join(dir, entry.name))
      : entry.name.endsWith('.md')
        ? [join(dir, entry.name)]
        : [],
  );
}

const pages = [
  ...markdownFiles('docs/operations'),
  '.github/CONTRIBUTING.md',
  '.github/pull_request_template.md',
  'docs/onboarding.md',
  'docs/architecture.md',
];

describe('operations handbook and onboarding', () => {
  it.each(pages)('%s links only to files that exist', (page) => {
    const links = [...readRepoFile(page).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
    const broken = links
      .filter((link) => !/^(https?:|mailto:|#)/.test(link))
      .map((link) => relative(repoPath(), repoPath(dirname(page), link.split('#')[0])))
      .filter((target) => !repoFileExists(target) && !PROVIDED_ELSEWHERE.includes(target));
    expect(broken).toEqual([]);
  });

  it('indexes every page of the handbook from its README', () => {
    const index = readRepoFile('docs/operations/README.md');
    const unlisted = pages
      .filter((page) => page.startsWith('docs/operations/') && !page.endsWith('README.md'))
      .map((page) => relative(repoPath('docs/operations'), repoPath(page)))
      .filter((page) => !index.includes(`(${page})`));
    expect(unlisted).toEqual([]);
  });

  it('links the onboarding guide from the README, where a new engineer starts', () => {
    expect(readRepoFile('README.md')).toContain('(docs/onboarding.md)');
  });

  it('has a runbook for each incident the issue names', () => {
    for (const runbook of ['high-error-rate', 'crash-looping-pods', 'database-unreachable', 'certificate-expiry']) {
      expect(repoFileExists('docs/operations/runbooks', `${runbook}.md`)).toBe(true);
    }
  });
});
