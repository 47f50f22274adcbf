/**
 * Records freshly pushed images in a stack file (used by CD after `docker push`):
 *
 *   npx tsx pulumi/scripts/set-images.ts --stack staging \
 *     --service product-service=<account>.dkr.ecr.<region>.amazonaws.com/ecommerce-staging/product-service@sha256:<digest> ...
 *
 * Only `ecommerce:images` changes; every reference must carry a sha256 digest (tags are refused).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseFlags, single, stackFilePath } from './lib/cli';
import { describeChanges, writeImages } from './lib/image-config';
import { parseServiceImages } from './lib/service-images';

function main(): void {
  const flags = parseFlags(process.argv.slice(2), ['stack', 'service']);
  const stack = single(flags, 'stack');
  const updates = parseServiceImages(flags.get('service') ?? []);
  const file = stackFilePath(stack);
  const result = writeImages(readFileSync(file, 'utf8'), updates, `Pulumi.${stack}.yaml`);
  for (const line of describeChanges(result.changes)) console.log(line);
  if (result.changes.length > 0) writeFileSync(file, result.text);
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
