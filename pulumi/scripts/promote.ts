/**
 * Promotes images between stacks: makes Pulumi.<to>.yaml run exactly the digests <from> runs.
 *
 *   npx tsx pulumi/scripts/promote.ts [--from staging] [--to prod] [--source stack|file]
 *
 * --source file (default) reads Pulumi.<from>.yaml as committed, which is what CD verified and pins by
 * commit; --source stack reads <from>'s deployed `images` output through the Automation API (needs the
 * pulumi CLI, logged in to the backend) and warns when it differs from the file. Only `ecommerce:images`
 * in the target file changes. Review and commit the change, then `pulumi up --stack <to>`.
 * Rollback: revert that commit and `pulumi up --stack <to>` (docs/pulumi/promotion-and-rollback.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as YAML from 'yaml';
import { REPO_ROOT, parseFlags, single, stackFilePath } from './lib/cli';
import { deployedImages, pulumiCliAvailable } from './lib/deployed-images';
import { describeChanges, promoteImages, readImages, sameImages } from './lib/image-config';

async function sourceImagesAsYaml(from: string, source: string): Promise<string> {
  const fileText = readFileSync(stackFilePath(from), 'utf8');
  if (source === 'file') return fileText;
  if (source !== 'stack') throw new Error('--source must be "file" or "stack"');
  if (!pulumiCliAvailable()) throw new Error('--source stack needs the pulumi CLI on the PATH; use --source file');
  const deployed = await deployedImages(from, REPO_ROOT);
  if (!sameImages(deployed, readImages(fileText))) {
    console.warn(`Warning: ${from}'s deployed images differ from Pulumi.${from}.yaml; promoting what is deployed.`);
  }
  // Wrapped as a minimal stack file so both sources go through the same validation.
  return YAML.stringify({ config: { 'ecommerce:images': deployed } });
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ['from', 'to', 'source']);
  const from = single(flags, 'from', 'staging');
  const to = single(flags, 'to', 'prod');
  if (from === to) throw new Error('--from and --to must be different stacks');
  const source = single(flags, 'source', 'file');

  const sourceText = await sourceImagesAsYaml(from, source);
  const targetPath = stackFilePath(to);
  const result = promoteImages(sourceText, readFileSync(targetPath, 'utf8'), {
    source: `${from} (${source})`,
    target: to,
  });

  console.log(
    `Promoting ${from} -> ${to} (images read from ${source === 'stack' ? `${from}'s deployed outputs` : `Pulumi.${from}.yaml`})`,
  );
  for (const line of describeChanges(result.changes)) console.log(`  ${line}`);
  if (result.changes.length === 0) return;
  writeFileSync(targetPath, result.text);
  const unchanged = Object.keys(readImages(result.text)).length - result.changes.length;
  console.log(`Wrote ${targetPath} (${result.changes.length} changed, ${unchanged} unchanged).`);
  console.log(`Next: review with \`git diff ${targetPath}\`, commit, then \`pulumi up --stack ${to}\`.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
