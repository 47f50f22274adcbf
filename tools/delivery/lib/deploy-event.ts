import { readImages } from '../../../pulumi/scripts/lib/image-config';

/**
 * The moments of a deploy that people are told about (docs/operations/ci-cd.md#notifications):
 * - `started`: a stack begins to take new images (or a manual rollback begins);
 * - `promoted`: the new images serve and passed their checks (staging deployed, prod promoted);
 * - `aborted`: the deploy stopped and the images that served before still serve (nothing to undo);
 * - `rolled-back`: the new images failed their checks, or someone asked, and the previous ones were restored;
 * - `rollback-failed`: restoring did not pass the checks either: a person must act now;
 * - `failed`: anything else that needs a person (e.g. verified, but the config could not be recorded on main).
 */
export const DEPLOY_EVENTS = ['started', 'promoted', 'aborted', 'rolled-back', 'rollback-failed', 'failed'] as const;
export type DeployEventKind = (typeof DEPLOY_EVENTS)[number];

export const isDeployEventKind = (value: unknown): value is DeployEventKind =>
  DEPLOY_EVENTS.includes(value as DeployEventKind);

/** Events that ask a person to act. */
export const NEEDS_ACTION: ReadonlySet<DeployEventKind> = new Set(['rollback-failed', 'failed']);

/** One service's image: its version is the digest (the tag-free content address the stack runs). */
export interface ServiceImage {
  service: string;
  repository: string;
  digest: string;
}

export interface DeployEvent {
  kind: DeployEventKind;
  /** Pulumi stack: `staging` or `prod`. */
  stack: string;
  /** The images the event is about, one per service (those named, or every service of the stack file). */
  images: ServiceImage[];
  /** Why `images` is empty or incomplete (no stack file, unreadable, a named service has no image). */
  imagesNote?: string;
  /** The release version the images are tagged with in ECR (tools/delivery/release-version.sh), when known. */
  release?: string;
  /** The commit the workflow runs for. */
  commit: string;
  /** `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`. */
  runUrl: string;
  /** `owner/name` of the repository. */
  repository?: string;
  /** Who started the run. */
  actor?: string;
  /** One sentence on what happened, written by the workflow step. */
  detail?: string;
}

export interface DeployEventInput {
  kind: DeployEventKind;
  stack: string;
  /** Text of Pulumi.<stack>.yaml, whose `ecommerce:images` names the images; undefined when unavailable. */
  stackFileText?: string;
  /** The file's name for messages; `''` says no file applies (the deploy stopped before choosing images). */
  stackFileLabel?: string;
  /** Restrict to these services (a per-service event); empty means every service in the stack file. */
  services?: string[];
  release?: string;
  detail?: string;
}

/** The link every message carries: the workflow run, where the logs and the summary are. */
export function runUrl(env: NodeJS.ProcessEnv): string {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return `${server} (not run by GitHub Actions)`;
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}

function imagesOf(input: DeployEventInput): { images: ServiceImage[]; note?: string } {
  const label = input.stackFileLabel ?? 'the stack file';
  if (input.stackFileText === undefined)
    return {
      images: [],
      note: input.stackFileLabel === '' ? 'no new images were chosen' : `${label} was not available`,
    };
  let declared: Record<string, unknown>;
  try {
    declared = readImages(input.stackFileText, label);
  } catch (error) {
    return { images: [], note: (error as Error).message };
  }
  const wanted = input.services?.length ? input.services : Object.keys(declared).sort();
  const images: ServiceImage[] = [];
  const missing: string[] = [];
  for (const service of wanted) {
    const image = declared[service] as Partial<ServiceImage> | undefined;
    if (typeof image?.repository === 'string' && typeof image.digest === 'string')
      images.push({ service, repository: image.repository, digest: image.digest });
    else missing.push(service);
  }
  if (wanted.length === 0) return { images, note: `${label} names no images` };
  return missing.length ? { images, note: `${label} has no image for ${missing.join(', ')}` } : { images };
}

/** The event from what the workflow step says (kind, stack, detail) and what the run is (GitHub's variables). */
export function deployEvent(input: DeployEventInput, env: NodeJS.ProcessEnv): DeployEvent {
  const { images, note } = imagesOf(input);
  return {
    kind: input.kind,
    stack: input.stack,
    images,
    ...(note ? { imagesNote: note } : {}),
    ...(input.release ? { release: input.release } : {}),
    commit: env.GITHUB_SHA || 'unknown',
    runUrl: runUrl(env),
    ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
    ...(env.GITHUB_ACTOR ? { actor: env.GITHUB_ACTOR } : {}),
    ...(input.detail ? { detail: input.detail } : {}),
  };
}
