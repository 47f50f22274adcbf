import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root, found from this file so the suite runs from any working directory. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);
export const readRepoFile = (...parts: string[]): string => readFileSync(repoPath(...parts), 'utf8');
export const repoFileExists = (...parts: string[]): boolean => existsSync(repoPath(...parts));

export function workflowFiles(): string[] {
  return readdirSync(repoPath('.github', 'workflows'))
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
}

export function packageScripts(): Record<string, string> {
  return (JSON.parse(readRepoFile('package.json')) as { scripts?: Record<string, string> }).scripts ?? {};
}
