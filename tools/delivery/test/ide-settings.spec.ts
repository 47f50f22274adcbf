import { readdirSync } from 'node:fs';
import { packageScripts, readRepoFile, repoFileExists, repoPath } from './support/repo';

/**
 * The editor setup the repository recommends (.vscode/) matches what `npm test` enforces: an extension for each
 * linter and formatter the project runs, Prettier on save with the project's config, ESLint fixes on save, the
 * TypeScript of node_modules, and every chart's values files checked against its values.schema.json.
 */
const extensions = (JSON.parse(readRepoFile('.vscode', 'extensions.json')) as { recommendations: string[] })
  .recommendations;
const settings = JSON.parse(readRepoFile('.vscode', 'settings.json')) as Record<string, unknown>;
const scripts = packageScripts();
const devDependencies = (JSON.parse(readRepoFile('package.json')) as { devDependencies: Record<string, string> })
  .devDependencies;

describe('editor recommendations (.vscode)', () => {
  it.each([
    ['ESLint', 'dbaeumer.vscode-eslint', () => scripts.lint.includes('eslint') && 'eslint' in devDependencies],
    ['Prettier', 'esbenp.prettier-vscode', () => scripts.lint.includes('prettier --check')],
    ['Jest', 'orta.vscode-jest', () => scripts['test:jest'].startsWith('jest')],
    ['YAML (schemas)', 'redhat.vscode-yaml', () => repoFileExists('helm', 'cart-service', 'values.schema.json')],
    [
      'ShellCheck',
      'timonwong.shellcheck',
      () => readRepoFile('tools/delivery/test/lint-tools.integration-spec.ts').includes('shellcheck'),
    ],
    ['GitHub Actions', 'github.vscode-github-actions', () => scripts.test.includes('actionlint')],
    [
      'Mermaid preview',
      'bierner.markdown-mermaid',
      () => readRepoFile('docs', 'architecture.md').includes('```mermaid'),
    ],
    ['Helm templates', 'ms-kubernetes-tools.vscode-kubernetes-tools', () => repoFileExists('helm', 'common')],
  ])('recommends %s (%s), which the project uses', (_name, extension, used) => {
    expect(used()).toBeTruthy();
    expect(extensions).toContain(extension);
  });

  it('recommends EditorConfig only if the project has an .editorconfig', () => {
    expect(extensions.includes('editorconfig.editorconfig')).toBe(repoFileExists('.editorconfig'));
  });

  it('formats with Prettier on save using the repository config, and applies ESLint fixes', () => {
    expect(settings).toMatchObject({
      'editor.formatOnSave': true,
      'editor.defaultFormatter': 'esbenp.prettier-vscode',
      'editor.codeActionsOnSave': { 'source.fixAll.eslint': 'explicit' },
      'prettier.requireConfig': true,
    });
    const { printWidth } = JSON.parse(readRepoFile('.prettierrc.json')) as { printWidth: number };
    expect(settings['editor.rulers']).toEqual([printWidth]);
  });

  it('does not format on save what Prettier leaves alone (.prettierignore) or cannot format', () => {
    expect(readRepoFile('.prettierignore')).toMatch(/^\*\.md$/m);
    for (const language of ['[markdown]', '[helm]', '[shellscript]'])
      expect(settings[language]).toMatchObject({ 'editor.formatOnSave': false });
  });

  it("uses the repository's TypeScript, not the editor's", () => {
    expect(settings['typescript.tsdk']).toBe('node_modules/typescript/lib');
    expect(repoFileExists('node_modules', 'typescript', 'lib', 'tsserver.js')).toBe(true);
  });

  it("validates every chart's values files against its values.schema.json", () => {
    const charts = readdirSync(repoPath('helm'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && repoFileExists('helm', entry.name, 'values.schema.json'))
      .map((entry) => entry.name);
    expect(charts.length).toBeGreaterThanOrEqual(5);
    const schemas = settings['yaml.schemas'] as Record<string, string[]>;
    for (const chart of charts)
      expect(schemas[`./helm/${chart}/values.schema.json`]).toEqual([
        `helm/${chart}/values.yaml`,
        `helm/${chart}/values-*.yaml`,
      ]);
    for (const path of Object.keys(schemas).filter((key) => key.startsWith('./')))
      expect({ path, exists: repoFileExists(path) }).toEqual({ path, exists: true });
  });

  it('hides build output and downloaded tools from the explorer and search', () => {
    for (const key of ['files.exclude', 'search.exclude'])
      expect(settings[key]).toMatchObject({ '**/dist': true, '.tools': true, coverage: true });
  });

  it('is committed: .gitignore does not exclude .vscode', () => {
    const ignored = readRepoFile('.gitignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'));
    expect(ignored.filter((pattern) => /^\/?\.vscode\/?(\*.*)?$|^\*$|^\.\*$/.test(pattern))).toEqual([]);
  });
});
