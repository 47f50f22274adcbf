/**
 * Prints the `npm run images:set` arguments for the digests CI recorded, one file per service in DIR
 * (file name = service, content = <repository>@sha256:<digest>).
 * Usage: npx tsx tools/delivery/image-refs.ts DIR
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imagesSetArgs, parseImageRef } from './lib/image-refs';

export function imageArgsFromDirectory(dir: string): string[] {
  const refs = readdirSync(dir)
    .filter((file) => !file.startsWith('.'))
    .map((file) => parseImageRef(file, readFileSync(join(dir, file), 'utf8')));
  return imagesSetArgs(refs);
}

export function main(argv: string[]): number {
  if (argv.length !== 1) {
    console.error('usage: image-refs.ts DIR');
    return 2;
  }
  try {
    console.log(imageArgsFromDirectory(argv[0]).join(' '));
    return 0;
  } catch (error) {
    // Reading the folder and parsing the references only ever throw Errors, whose message says which file.
    console.error((error as Error).message);
    return 1;
  }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
