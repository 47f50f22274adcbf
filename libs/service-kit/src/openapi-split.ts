import { type OpenAPIObject } from '@nestjs/swagger';

/** Service-to-service routes (never routed by the edge or the Ingress) live under this prefix. */
const INTERNAL_PREFIX = '/internal/';

export interface SplitDocuments {
  /** What clients of the edge may call: published at /docs/<service> and in docs/api/. */
  public: OpenAPIObject;
  /** The service-to-service routes, for the other services' authors only (docs/api/internal/); none: undefined. */
  internal?: OpenAPIObject;
}

/**
 * Splits a service's document by audience, so the public contract does not advertise internal routes to
 * attackers (OWASP API9: inventory). Each half keeps only the schemas its own operations reference.
 */
export function splitByAudience(document: OpenAPIObject): SplitDocuments {
  const paths = Object.entries(document.paths ?? {});
  const isInternal = ([path]: [string, unknown]) => path.startsWith(INTERNAL_PREFIX);
  const publicDocument = withPaths(document, Object.fromEntries(paths.filter((entry) => !isInternal(entry))));
  const internalPaths = paths.filter(isInternal);
  if (internalPaths.length === 0) return { public: publicDocument };
  const internal = withPaths(document, Object.fromEntries(internalPaths));
  internal.info = {
    ...internal.info,
    title: `${document.info.title} (internal)`,
    description: `Service-to-service routes of ${document.info.title}: never routed by the edge or the Ingress, callable only with a service token carrying the scope each operation names (\`x-required-scope\`).`,
  };
  internal.servers = [
    {
      url: '/',
      description:
        'The service itself in every environment: local (its own port, never the edge), staging and production (its Kubernetes Service, reachable only from the services NetworkPolicy admits)',
      'x-internal': true,
    } as never,
  ];
  return { public: publicDocument, internal };
}

function withPaths(document: OpenAPIObject, paths: OpenAPIObject['paths']): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const used = referencedSchemas(paths, schemas);
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  const tags = document.tags?.filter((tag) => JSON.stringify(paths).includes(`"${tag.name}"`));
  return {
    ...document,
    ...(tags ? { tags } : {}),
    paths,
    components: { ...document.components, schemas: kept },
  };
}

const SCHEMA_REF = /"#\/components\/schemas\/([^"]+)"/g;

/** The schemas `root` references, directly or through other schemas. */
function referencedSchemas(root: unknown, schemas: Record<string, unknown>): Set<string> {
  const found = new Set<string>();
  const pending = [root];
  while (pending.length > 0) {
    for (const [, name] of JSON.stringify(pending.pop()).matchAll(SCHEMA_REF)) {
      if (found.has(name)) continue;
      found.add(name);
      pending.push(schemas[name]);
    }
  }
  return found;
}
