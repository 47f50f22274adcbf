import * as YAML from 'yaml';
import { imageProblems, type ImageRef } from '../../config/images';
import { SERVICE_NAMES, type ServiceName } from '../../config/services';

/** Where stack files keep the image of every service. */
export const IMAGES_PATH = ['config', 'ecommerce:images'] as const;

/** One service's image before and after a rewrite; `before` is undefined when the stack had none. */
export interface ImageChange {
  service: ServiceName;
  before?: ImageRef;
  after: ImageRef;
}

export interface RewriteResult {
  /** The new stack file text (identical to the input when nothing changed). */
  text: string;
  /** Services whose image changed; unchanged services are not listed. */
  changes: ImageChange[];
}

/** A promotion or update that must not happen, with every reason at once. */
export class ImageConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Refusing to change images:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ImageConfigError';
  }
}

function parse(text: string, label: string): YAML.Document {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) throw new ImageConfigError([`${label} is not valid YAML: ${doc.errors[0].message}`]);
  return doc;
}

/** The images a stack file declares, as plain data (no validation). */
export function readImages(text: string, label = 'stack file'): Record<string, unknown> {
  const images = parse(text, label).getIn(IMAGES_PATH);
  return YAML.isMap(images) ? (images.toJSON() as Record<string, unknown>) : {};
}

/**
 * Checks that `images` names all four services with a repository and a sha256 digest: promotion copies
 * content addresses, so an entry without a digest has nothing exact to promote.
 */
export function requireCompleteImages(images: Record<string, unknown>, label: string): Record<ServiceName, ImageRef> {
  const problems = SERVICE_NAMES.filter((s) => images[s] === undefined).map((s) => `${label} has no image for ${s}`);
  for (const [service, value] of Object.entries(images)) {
    if (value !== undefined) problems.push(...imageProblems(service, value).map((p) => `${label}: ${p}`));
  }
  if (problems.length > 0) throw new ImageConfigError(problems);
  return images as Record<ServiceName, ImageRef>;
}

/**
 * Writes `updates` into the stack file's `ecommerce:images`, touching nothing else: other keys, comments
 * and formatting survive, so the change a reviewer sees is exactly the image lines.
 */
export function writeImages(
  text: string,
  updates: Partial<Record<ServiceName, ImageRef>>,
  label = 'stack file',
): RewriteResult {
  const doc = parse(text, label);
  const current = readImages(text, label);
  if (!YAML.isMap(doc.getIn(IMAGES_PATH))) doc.setIn(IMAGES_PATH, doc.createNode({}));
  const images = doc.getIn(IMAGES_PATH) as YAML.YAMLMap;
  // `{}` is written in flow style; entries read better as a block.
  images.flow = false;

  const changes: ImageChange[] = [];
  for (const service of SERVICE_NAMES) {
    const after = updates[service];
    if (!after) continue;
    const before = current[service] as ImageRef | undefined;
    if (before?.repository === after.repository && before?.digest === after.digest) continue;
    if (YAML.isMap(images.get(service, true))) {
      doc.setIn([...IMAGES_PATH, service, 'repository'], after.repository);
      doc.setIn([...IMAGES_PATH, service, 'digest'], after.digest);
    } else {
      images.set(service, doc.createNode({ repository: after.repository, digest: after.digest }));
    }
    changes.push({ service, before: before && { repository: before.repository, digest: before.digest }, after });
  }
  // No padding inside [a, b] and no line folding: the same style prettier keeps the stack files in.
  const rendered = doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
  return { text: changes.length > 0 ? rendered : text, changes };
}

/** Makes the target stack run exactly the source stack's images. Refuses if any source image lacks a digest. */
export function promoteImages(
  sourceText: string,
  targetText: string,
  labels = { source: 'source', target: 'target' },
): RewriteResult {
  const source = requireCompleteImages(readImages(sourceText, labels.source), labels.source);
  return writeImages(targetText, source, labels.target);
}

/** Human-readable summary of a rewrite, one line per changed service. */
export function describeChanges(changes: ImageChange[]): string[] {
  if (changes.length === 0) return ['No image changes: the target already runs these digests.'];
  return changes.map(({ service, before, after }) => {
    const from = before ? before.digest : '(none)';
    const moved =
      before && before.repository !== after.repository
        ? ` (repository ${before.repository} -> ${after.repository})`
        : '';
    return `${service}: ${from} -> ${after.digest}${moved}`;
  });
}

/** Whether two image maps pin every service to the same repository and digest. */
export function sameImages(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const key = (m: Record<string, unknown>, s: string) => {
    const image = m[s] as Partial<ImageRef> | undefined;
    return `${image?.repository}@${image?.digest}`;
  };
  const services = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...services].every((s) => key(a, s) === key(b, s));
}
