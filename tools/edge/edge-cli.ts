import { createEdge, type EdgeOptions } from './edge-server';
import { SERVICES, type ServiceName } from './routes';

/**
 * The edge as a process of its own, for docker-compose (Dockerfile target `edge`): the same route table, token
 * check, limits and headers as `npm run dev` and the cluster gateway. Configured from the environment:
 *   EDGE_PORT (8080), EDGE_HOST (0.0.0.0), JWT_ISSUER and JWT_AUDIENCE (what the services accept),
 *   <SERVICE>_URL per routed service (PRODUCT_SERVICE_URL=http://product-service:3000, ...; user-service's
 *   also serves the JWKS), EDGE_RATE_LIMIT (off or a number; the chart's limit otherwise).
 */
export function edgeOptionsFromEnv(env: NodeJS.ProcessEnv): EdgeOptions & { host: string } {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is required`);
    return value ?? '';
  };
  const port = Number(env.EDGE_PORT ?? '8080');
  if (!Number.isInteger(port) || port < 1 || port > 65_535) problems.push('EDGE_PORT must be a port number');
  const targets: Partial<Record<ServiceName, { host: string; port: number }>> = {};
  for (const { name } of SERVICES) {
    const variable = `${name.replace(/-/g, '_').toUpperCase()}_URL`;
    const url = parseHttpUrl(required(variable));
    if (url) targets[name] = url;
    else if (env[variable]) problems.push(`${variable} must be an http URL with a host (http://${name}:3000)`);
  }
  const auth = { issuer: required('JWT_ISSUER'), audience: required('JWT_AUDIENCE') };
  if (problems.length) throw new Error(`The edge cannot start: ${problems.join('; ')}.`);
  return { port, host: env.EDGE_HOST ?? '0.0.0.0', targets, auth, rateLimitOverride: env.EDGE_RATE_LIMIT };
}

function parseHttpUrl(value: string): { host: string; port: number } | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' || !url.hostname || (url.pathname !== '/' && url.pathname !== '')) return undefined;
    return { host: url.hostname, port: Number(url.port || 80) };
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  let options: ReturnType<typeof edgeOptionsFromEnv>;
  try {
    options = edgeOptionsFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  const edge = createEdge(options);
  edge.listen(options.port, options.host, () =>
    process.stdout.write(`edge listening on http://${options.host}:${options.port}\n`),
  );
  // Compose stops containers with SIGTERM: stop accepting, let answers in flight finish, then leave.
  process.once('SIGTERM', () => edge.close(() => process.exit(0)));
}
