/**
 * The regex `location ~ <pattern> { proxy_pass http://<upstream>; }` blocks of an nginx config, evaluated the way
 * nginx does for this config: the first matching regex location wins, anything else falls to `location /`.
 */
export interface NginxRoute {
  pattern: RegExp;
  upstream: string;
}

export function nginxRegexRoutes(config: string): NginxRoute[] {
  const pattern = /location\s+~\s+(\S+)\s*\{\s*proxy_pass\s+http:\/\/([\w-]+)\s*;\s*\}/g;
  return [...config.matchAll(pattern)].map((match) => ({ pattern: new RegExp(match[1]), upstream: match[2] }));
}

export function nginxRouteFor(routes: NginxRoute[], path: string): string | undefined {
  const pathname = path.split('?')[0];
  return routes.find((route) => route.pattern.test(pathname))?.upstream;
}

export function nginxUpstreams(config: string): Record<string, string> {
  const pattern = /upstream\s+([\w-]+)\s*\{\s*server\s+([\w.-]+:\d+)\s*;\s*\}/g;
  return Object.fromEntries([...config.matchAll(pattern)].map((match) => [match[1], match[2]]));
}
