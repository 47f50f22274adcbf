import { readdirSync } from 'node:fs';
import { readRepoFile, repoPath } from './support/repo';

/**
 * The architecture diagrams (Mermaid in docs/architecture.md) stay drawable and stay true to the code: every
 * service and every Pulumi component appears, and each block passes a structural check of Mermaid's flowchart
 * syntax (no Mermaid renderer runs here: it needs a browser).
 */
const page = readRepoFile('docs', 'architecture.md');

/** `## Title` -> the Mermaid blocks under it. */
function diagramsBySection(): Record<string, string[]> {
  const sections: Record<string, string[]> = {};
  let current = '';
  for (const [, heading, block] of page.matchAll(/^## (.+)$|^```mermaid\n([\s\S]*?)^```$/gm)) {
    if (heading) current = heading;
    else (sections[current] ??= []).push(block);
  }
  return Object.fromEntries(Object.entries(sections).map(([heading, blocks]) => [heading, blocks]));
}

const diagrams = diagramsBySection();
const diagram = (section: string): string => {
  const blocks = diagrams[section] ?? [];
  expect({ section, count: blocks.length }).toEqual({ section, count: 1 });
  return blocks[0];
};

/** The problems Mermaid would refuse a flowchart for, or draw wrongly, that can be seen without rendering it. */
export function flowchartProblems(source: string): string[] {
  const lines = source.split('\n').filter((line) => line.trim() && !line.trim().startsWith('%%'));
  const problems: string[] = [];
  if (!/^flowchart (LR|RL|TB|TD|BT)$/.test(lines[0] ?? '')) problems.push(`starts with "${lines[0]}"`);
  let depth = 0;
  const defined = new Set<string>();
  const used = new Set<string>();
  for (const line of lines.slice(1)) {
    const text = line.trim();
    if ((text.match(/"/g) ?? []).length % 2) problems.push(`unbalanced quotes: ${text}`);
    const unquoted = text.replace(/"[^"]*"/g, '""');
    if (/[<>]/.test(unquoted.replace(/-->|-\.->|==>/g, ''))) problems.push(`bare < or > outside a label: ${text}`);
    for (const label of text.match(/"[^"]*"/g) ?? [])
      if (/<(?!br\/>)/.test(label)) problems.push(`HTML other than <br/> in a label (Mermaid drops it): ${label}`);
    if (/^subgraph /.test(text)) {
      depth += 1;
      defined.add(/^subgraph (\w+)/.exec(text)![1]);
      continue;
    }
    if (text === 'end') {
      depth -= 1;
      if (depth < 0) problems.push('an end without its subgraph');
      continue;
    }
    for (const [, id] of unquoted.matchAll(/(?:^|[\s&>|-])(\w+)\s*(?:\[|\(|\{)/g)) defined.add(id);
    for (const id of unquoted
      .split(/-->|-\.->|==>|&|\|[^|]*\|/)
      .map((part) => /^\s*(\w+)/.exec(part)?.[1])
      .filter((id): id is string => Boolean(id)))
      used.add(id);
  }
  if (depth !== 0) problems.push(`${depth} subgraph(s) without end`);
  for (const id of used) if (!defined.has(id)) problems.push(`node ${id} is used but never labelled`);
  return problems;
}

describe('architecture diagrams', () => {
  it('draws the request path, the events and the AWS platform, each as a Mermaid flowchart', () => {
    for (const section of ['The request path', 'The events', 'The AWS platform'])
      expect({ section, problems: flowchartProblems(diagram(section)) }).toEqual({ section, problems: [] });
  });

  it('catches what Mermaid would refuse', () => {
    expect(flowchartProblems('graph\n  a["x"]')).toEqual(['starts with "graph"']);
    expect(flowchartProblems('flowchart LR\n  subgraph s["S"]\n  a["x <b>y</b>"] --> b\n')).toEqual([
      'HTML other than <br/> in a label (Mermaid drops it): "x <b>y</b>"',
      '1 subgraph(s) without end',
      'node b is used but never labelled',
    ]);
    expect(flowchartProblems('flowchart LR\n  a["x] --> b["y"]\n  end')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^unbalanced quotes/), 'an end without its subgraph']),
    );
  });

  it('puts every service on the request path, with the public prefixes the edge routes', () => {
    const services = readdirSync(repoPath('apps')).filter((name) => name.endsWith('-service'));
    expect(services.length).toBeGreaterThanOrEqual(5);
    const path = diagram('The request path');
    for (const service of services)
      expect({ service, drawn: path.includes(`${service}<br/>`) }).toEqual({ service, drawn: true });
    for (const prefix of ['/api/v1/products', '/api/v1/auth', '/api/v1/users', '/api/v1/cart', '/api/v1/orders'])
      expect(path).toContain(prefix);
    for (const stop of ['CloudFront', 'ALB', 'Envoy Gateway', 'waypoint', 'MongoDB', 'Redis'])
      expect(path).toContain(stop);
  });

  it('draws the event topology libs/messaging declares: exchange, queue, retries, dead letters', () => {
    const events = diagram('The events');
    const consumerQueue = 'notification-service.shopper-mails';
    expect(readRepoFile('docs', 'decisions', '0015-events.md')).toContain(consumerQueue);
    for (const name of ['ecommerce.events', 'ecommerce.events.unrouted', consumerQueue, `${consumerQueue}.dead`])
      expect(events).toContain(name);
    expect(events).toContain(`${consumerQueue}.retry.`);
    expect(events).toMatch(/outbox/i);
    expect(events).toContain('Amazon MQ for RabbitMQ');
  });

  /** What each Pulumi component creates, as the platform diagram names it. A new component must be drawn. */
  const DRAWN_AS: Record<string, string[]> = {
    access: ['admin and operator roles with MFA'],
    backups: ['S3: database backups', 'S3 replica in a second region'],
    broker: ['Amazon MQ for RabbitMQ'],
    cache: ['ElastiCache'],
    cdn: ['CloudFront'],
    cluster: ['EKS'],
    cost: ['AWS Budgets'],
    database: ['MongoDB replica set'],
    'deploy-runner': ['CodeBuild runner'],
    edge: ['Route 53 and ACM'],
    gateway: ['Envoy Gateway'],
    logging: ['Fluent Bit', 'CloudWatch Logs'],
    mail: ['SES'],
    mesh: ['Istio ambient'],
    network: ['VPC', 'NAT gateways'],
    'node-group': ['managed node groups'],
    observability: ['Prometheus, Grafana, Alertmanager', 'SNS'],
    platform: ['AWS Load Balancer Controller', 'Cluster Autoscaler', 'metrics-server'],
    registry: ['ECR', 'ECR pull role, CI push role'],
    rollouts: ['Argo Rollouts'],
    services: ['the five services'],
    tracing: ['OpenTelemetry Collector', 'X-Ray'],
  };

  it('draws every Pulumi component on the AWS platform', () => {
    const platform = diagram('The AWS platform');
    const components = readdirSync(repoPath('pulumi', 'components'))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => file.replace(/\.ts$/, ''));
    const undrawn = components.filter((component) => !DRAWN_AS[component]);
    expect(undrawn).toEqual([]);
    for (const [component, names] of Object.entries(DRAWN_AS))
      for (const name of names)
        expect({ component, name, drawn: platform.includes(name) }).toEqual({ component, name, drawn: true });
  });
});
