import type { AlertRule } from './alert-rules';
import { ENVOY_METRICS as M, RATE_LIMITED, gatewaySeries } from './traffic-metrics';

/** Share of the gateway's answers that are 5xx (its own or the services') which pages someone. */
export const GATEWAY_ERROR_RATIO = 0.05;
/** Share of the gateway's requests refused for their token above which logins or clients are failing. */
export const UNAUTHORIZED_RATIO = 0.2;
/** 429s a second the gateway may send before it is more than the odd over-eager client. */
export const RATE_LIMITED_PER_SECOND = 5;

const perSecond = (series: string) => `sum(rate(${series}[5m]))`;
const answered = perSecond(gatewaySeries(M.downstreamTotal));

/**
 * The edge gateway, as the shoppers see it: 5xx from it pages (the API is failing, whoever answered); a wave of 401s
 * or 429s warns (tokens refused, JWKS out of reach, a client or an attack hitting the limit). docs/operations/runbooks/gateway.md.
 */
export function gatewayAlertRules(runbookBaseUrl: string): AlertRule[] {
  const runbook = `${runbookBaseUrl}/gateway.md`;
  return [
    {
      alert: 'GatewayErrorRateHigh',
      expr: `${perSecond(gatewaySeries(M.downstreamByClass, 'envoy_response_code_class="5"'))} / ${answered} > ${GATEWAY_ERROR_RATIO}`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: `The gateway answers more than ${GATEWAY_ERROR_RATIO * 100}% of requests with 5xx`,
        description:
          'A service failing (its own ServiceErrorRateHigh says which), no healthy backend (503 UH), or the mesh ' +
          'refusing the gateway. The gateway dashboard shows the routes.',
        runbook_url: `${runbook}#5xx-or-no-answers`,
      },
    },
    {
      alert: 'GatewayUnauthorizedSurge',
      expr:
        `${perSecond(gatewaySeries(M.jwtDenied))} / ${answered} > ${UNAUTHORIZED_RATIO}` +
        ` and ${perSecond(gatewaySeries(M.jwtDenied))} > 1`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `More than ${UNAUTHORIZED_RATIO * 100}% of the gateway's requests are refused 401 for their token`,
        description:
          'The gateway cannot fetch user-service’s JWKS, a key rotation left tokens signed by a key it does not ' +
          'know, issuer or audience changed on one side only, or someone is trying tokens.',
        runbook_url: `${runbook}#401s-climbing`,
      },
    },
    {
      alert: 'GatewayRateLimitingSurge',
      expr: `sum(rate(${RATE_LIMITED}[5m])) > ${RATE_LIMITED_PER_SECOND}`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `The gateway refuses more than ${RATE_LIMITED_PER_SECOND} requests a second with 429`,
        description:
          'One client address (or many behind one NAT, or a wrong clientIp.trustedHops making every request ' +
          'come from the ALB) exceeds the per-client-IP limit.',
        runbook_url: `${runbook}#429s-climbing`,
      },
    },
  ];
}
