import { isServiceName, SERVICES, type ServiceName } from './services';

/** An image pinned by content: `<registry>/<repository>@sha256:<64 hex>`. */
export interface ImageRef {
  service: ServiceName;
  repository: string;
  digest: string;
}

const DIGEST_REF =
  /^([a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+)@(sha256:[a-f0-9]{64})$/;

/** Parses what CI recorded for one service; a tag, a short digest or an unknown service is refused. */
export function parseImageRef(service: string, text: string): ImageRef {
  if (!isServiceName(service)) throw new Error(`"${service}" is not one of ${SERVICES.join(', ')}`);
  const match = DIGEST_REF.exec(text.trim());
  if (!match) throw new Error(`${service}: "${text.trim()}" is not <repository>@sha256:<64 hex digits>`);
  return { service, repository: match[1], digest: match[2] };
}

/**
 * Arguments for `npm run images:set -- --stack <stack> ...`: one `--service name=repo@digest` per service, in a
 * fixed order. All four are required, so a deploy never mixes this build's images with older ones by accident.
 */
export function imagesSetArgs(refs: ImageRef[]): string[] {
  const byService = new Map<ServiceName, ImageRef>();
  for (const ref of refs) {
    if (byService.has(ref.service)) throw new Error(`${ref.service} was recorded twice`);
    byService.set(ref.service, ref);
  }
  const missing = SERVICES.filter((service) => !byService.has(service));
  if (missing.length > 0) throw new Error(`no image recorded for ${missing.join(', ')}`);
  return SERVICES.flatMap((service) => {
    const ref = byService.get(service)!;
    return ['--service', `${service}=${ref.repository}@${ref.digest}`];
  });
}
