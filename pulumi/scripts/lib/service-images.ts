import { parseImageReference, type ImageRef } from '../../config/images';
import { isServiceName, type ServiceName } from '../../config/services';
import { ImageConfigError } from './image-config';

/** Parses `--service name=reference` values; every problem is reported, not only the first. */
export function parseServiceImages(values: string[]): Partial<Record<ServiceName, ImageRef>> {
  const problems: string[] = [];
  const updates: Partial<Record<ServiceName, ImageRef>> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const service = value.slice(0, Math.max(eq, 0));
    if (eq < 0 || !isServiceName(service)) {
      problems.push(`"${value}": expected <service>=<repository>@sha256:<digest> with a known service`);
      continue;
    }
    if (updates[service]) problems.push(`${service} given twice`);
    try {
      updates[service] = parseImageReference(value.slice(eq + 1));
    } catch (error) {
      problems.push(`${service}: ${(error as Error).message}`);
    }
  }
  if (values.length === 0) problems.push('no --service given');
  if (problems.length > 0) throw new ImageConfigError(problems);
  return updates;
}
