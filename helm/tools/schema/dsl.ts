/**
 * A few builders for the JSON Schema (draft-07) of the charts' values. Objects are closed
 * (additionalProperties: false) and require every property unless it is listed as optional, because the
 * templates read them directly. Leaf descriptions come from the `## @param` comments (see describe.ts);
 * objects carry their own.
 */
export type Schema = { [keyword: string]: unknown };

export const string = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });

export const integer = (minimum?: number, maximum?: number): Schema => ({
  type: 'integer',
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});

export const number = (minimum: number, maximum: number): Schema => ({ type: 'number', minimum, maximum });

export const boolean = (): Schema => ({ type: 'boolean' });

export const oneOfStrings = (...values: string[]): Schema => ({ type: 'string', enum: values });

export const arrayOf = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });

/** A free-form map of strings (labels, annotations, node selectors). */
export const stringMap = (): Schema => ({ type: 'object', additionalProperties: { type: 'string' } });

export function object(
  description: string,
  properties: Record<string, Schema>,
  options: { optional?: string[]; extra?: Schema } = {},
): Schema {
  const optional = new Set(options.optional ?? []);
  const required = Object.keys(properties).filter((key) => !optional.has(key));
  return {
    type: 'object',
    description,
    additionalProperties: false,
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...options.extra,
  };
}

/** Patterns shared by the charts' schemas. */
export const patterns = {
  dnsLabel: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
  optionalDnsLabel: '^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)?$',
  dnsSubdomain: '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$',
  cpu: '^([0-9]+m|[0-9]+(\\.[0-9]{1,3})?)$',
  memory: '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$',
  duration: '^[0-9]+(ms|s|m|h)$',
  cidr: '^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$',
  imageRepository: '^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$',
  optionalDigest: '^(sha256:[a-f0-9]{64})?$',
  optionalTag: '^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$',
  optionalHost: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+)?$',
  optionalCertificateArn: '^(arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+)?$',
  optionalRoleArn: '^(arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+)?$',
  httpUrl: '^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\\s]*)?$',
  /** Comma-separated exact web origins (scheme, host, optional port; no path, no `*`), as the apps accept them. */
  originList: '^https?://[A-Za-z0-9.-]+(:[0-9]+)?( *, *https?://[A-Za-z0-9.-]+(:[0-9]+)?)*$',
} as const;

/** `nameOverride` and `fullnameOverride`, plus the two keys Helm itself may add to a chart's values. */
export const nameAndHelmKeys = (): Record<string, Schema> => ({
  nameOverride: string({ pattern: `^(${patterns.dnsLabel.slice(1, -1)})?$` }),
  fullnameOverride: string({ pattern: `^(${patterns.dnsLabel.slice(1, -1)})?$` }),
  global: {
    type: 'object',
    description: 'Helm global values; unused by this chart, allowed because Helm may add the key',
  },
  common: {
    type: 'object',
    description: 'Values of the common library chart; unused, allowed because Helm adds a key per dependency',
  },
});

export const HELM_ADDED_KEYS = ['global', 'common'];
