/**
 * Prints `<repository name> <digest> <promotion tag>` for every image a stack file runs, for
 * tag-promoted.sh. The repository name is the URL without its registry host.
 * Usage: npx tsx tools/delivery/promoted-images.ts Pulumi.prod.yaml
 */
import { readFileSync } from 'node:fs';
import { readImages, requireCompleteImages } from '../../pulumi/scripts/lib/image-config';
import { promotedTag } from '../../pulumi/registry/lifecycle';

export function promotionLines(stackFileText: string, label: string): string[] {
  const images = requireCompleteImages(readImages(stackFileText, label), label);
  return Object.values(images).map(({ repository, digest }) => {
    const name = repository.slice(repository.indexOf('/') + 1);
    return `${name} ${digest} ${promotedTag(digest)}`;
  });
}

if (require.main === module) {
  const [file] = process.argv.slice(2);
  if (!file) {
    console.error('usage: promoted-images.ts STACK_FILE');
    process.exit(2);
  }
  console.log(promotionLines(readFileSync(file, 'utf8'), file).join('\n'));
}
