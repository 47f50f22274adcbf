import { SERVICE_NAMES, isServiceName, type ServiceName } from './services';

/** An image pinned by content: what `ecommerce:images.<service>` holds in a stack file. */
export interface ImageRef {
  /** Registry and repository, without tag or digest, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecommerce-staging/product-service`. */
  repository: string;
  /** Manifest digest, `sha256:` followed by 64 lowercase hex characters. */
  digest: string;
}

export type ImageMap = Partial<Record<ServiceName, ImageRef>>;

const DIGEST = /^sha256:[a-f0-9]{64}$/;
// host[:port]/path, lowercase path segments as registries require; no tag, no digest.
const REPOSITORY = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+$/;

export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}

export function isRepository(value: unknown): value is string {
  return typeof value === 'string' && REPOSITORY.test(value);
}

/** Parses `repository@sha256:<hex>`; tags are refused because a tag can point at different bytes tomorrow. */
export function parseImageReference(reference: string): ImageRef {
  const at = reference.lastIndexOf('@');
  if (at < 0) throw new Error(`"${reference}" has no digest: expected <repository>@sha256:<64 hex>`);
  const repository = reference.slice(0, at);
  const digest = reference.slice(at + 1);
  if (!isDigest(digest)) throw new Error(`"${reference}" has an invalid digest: expected sha256:<64 lowercase hex>`);
  if (!isRepository(repository)) {
    throw new Error(`"${reference}" has an invalid repository (no tag allowed before the digest)`);
  }
  return { repository, digest };
}

export function formatImageReference(image: ImageRef): string {
  return `${image.repository}@${image.digest}`;
}

/** Problems with one image entry, as readable sentences (empty when the entry is valid). */
export function imageProblems(service: string, value: unknown): string[] {
  if (!isServiceName(service)) return [`images: "${service}" is not one of the four services`];
  if (typeof value !== 'object' || value === null) return [`images.${service}: expected { repository, digest }`];
  const { repository, digest } = value as Record<string, unknown>;
  const problems: string[] = [];
  if (!isRepository(repository))
    problems.push(`images.${service}.repository: "${String(repository)}" is not a repository`);
  if (!isDigest(digest)) problems.push(`images.${service}.digest: "${String(digest)}" is not a sha256 digest`);
  return problems;
}

/**
 * All four images, or none while bootstrapping (the registry must exist before anything can be pushed).
 * A partial set is refused: deploying three services and silently skipping the fourth hides a typo.
 */
export function imagesReadyToDeploy(images: ImageMap): boolean {
  const missing = SERVICE_NAMES.filter((s) => !images[s]);
  if (missing.length === SERVICE_NAMES.length) return false;
  if (missing.length > 0) throw new Error(`ecommerce:images is missing ${missing.join(', ')}: set all four or none`);
  return true;
}
