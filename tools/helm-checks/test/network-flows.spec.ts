import { allowedFlows, documentedFlows } from '../network-flows';
import { configMap, networkPolicy } from './kube-fixtures';

const cidrs = { '10.0.0.0/24': 'public subnets' };

describe('allowedFlows', () => {
  it('names pods by app label, peers by pod@namespace, known ranges by name, and defaults the protocol to TCP', () => {
    const policy = networkPolicy('cart-service', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cart-service' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            { ipBlock: { cidr: '10.0.0.0/24' } },
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
          ],
          ports: [{ port: 3000 }],
        },
      ],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
        {
          to: [{ podSelector: { matchLabels: { app: 'product-service' } } }],
          ports: [{ port: 3000, protocol: 'TCP' }],
        },
      ],
    });
    expect(allowedFlows([configMap('env', {}), policy], 'ecommerce', cidrs)).toEqual([
      'in cart-service@ecommerce <- namespace monitoring 3000/TCP',
      'in cart-service@ecommerce <- public subnets 3000/TCP',
      'out cart-service@ecommerce -> kube-dns@kube-system 53/TCP',
      'out cart-service@ecommerce -> kube-dns@kube-system 53/UDP',
      'out cart-service@ecommerce -> product-service@ecommerce 3000/TCP',
    ]);
  });

  it("shows what a loose policy allows: unnamed ranges, any namespace, any port, anywhere, and egress it doesn't restrict", () => {
    const policy = networkPolicy(
      'loose',
      {
        podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['cart-service', 'order-service'] }] },
        ingress: [
          { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] },
          {
            from: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: 'scraper' } } }],
            ports: [{ protocol: 'TCP' }],
          },
          { ports: [{ port: 9100 }] },
        ],
      },
      'shop',
    );
    expect(allowedFlows([policy], 'ecommerce', cidrs)).toEqual([
      'in cart-service@shop <- all pods@any namespace any/TCP',
      'in cart-service@shop <- anywhere 9100/TCP',
      'in cart-service@shop <- cidr 0.0.0.0/0 any port',
      'in order-service@shop <- all pods@any namespace any/TCP',
      'in order-service@shop <- anywhere 9100/TCP',
      'in order-service@shop <- cidr 0.0.0.0/0 any port',
      // Without Egress in policyTypes the policy leaves egress open.
      'out cart-service@shop -> anywhere any port',
      'out order-service@shop -> anywhere any port',
    ]);
  });

  it('names a policy over every pod "all pods", and egress to anywhere when a rule has no peers', () => {
    const policy = networkPolicy('default-deny', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      egress: [{ ports: [{ port: 443 }] }],
    });
    expect(allowedFlows([policy], 'ecommerce', cidrs)).toEqual(['out all pods@ecommerce -> anywhere 443/TCP']);
  });

  it('ignores expressions that do not name pods', () => {
    const policy = networkPolicy('by-tier', {
      podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['mongodb'] }] },
      policyTypes: ['Egress'],
    });
    expect(allowedFlows([policy], 'ecommerce', cidrs)).toEqual([]);
  });
});

describe('documentedFlows', () => {
  it('expands each table row over its comma-separated peers and ports, and skips everything else', () => {
    const markdown = [
      '# Network flows',
      '',
      '| direction | pods | peer | port |',
      '| --- | --- | --- | --- |',
      '| in | `cart-service@ecommerce` | public subnets, order-service@ecommerce | 3000/TCP |',
      '| out | cart-service@ecommerce | kube-dns@kube-system | 53/UDP, 53/TCP |',
      '| sideways | x | y | z |',
      'a | line | with | pipes',
    ].join('\n');
    expect(documentedFlows(markdown)).toEqual([
      'in cart-service@ecommerce <- order-service@ecommerce 3000/TCP',
      'in cart-service@ecommerce <- public subnets 3000/TCP',
      'out cart-service@ecommerce -> kube-dns@kube-system 53/TCP',
      'out cart-service@ecommerce -> kube-dns@kube-system 53/UDP',
    ]);
  });

  it('reads the same line for a documented flow as allowedFlows gives for the policy allowing it', () => {
    const policy = networkPolicy('cart-service', {
      podSelector: { matchLabels: { app: 'cart-service' } },
      policyTypes: ['Ingress', 'Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] }],
    });
    expect(allowedFlows([policy], 'ecommerce', cidrs)).toEqual(
      documentedFlows('| out | cart-service@ecommerce | public subnets | 443/TCP |'),
    );
  });
});
