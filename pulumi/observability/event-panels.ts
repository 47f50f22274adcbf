import { SERVICES, isServiceName } from '../config/services';
import { panel, type Panel } from './dashboards';
import { EVENT_METRICS as M } from './event-alerts';
import { serviceSelector } from './metrics';

/** The publisher's row: events published and failed, and what waits in its outbox. */
function publisherPanels(service: string, first: number): Panel[] {
  const s = (metric: string) => `${metric}${serviceSelector(service)}`;
  return [
    panel(first, 'Events published per minute by type; publish failures', 'short', [
      [`sum by (type) (rate(${s(M.published)}[5m])) * 60`, '{{type}}'],
      [`sum(rate(${s(M.publishFailures)}[5m])) * 60`, 'publish failures'],
    ]),
    panel(first + 1, 'Outbox: events waiting and the oldest one’s age', 'short', [
      [`max(${s(M.outboxPending)})`, 'pending events'],
      [`max(${s(M.outboxOldestSeconds)})`, 'oldest pending (s)'],
      [`min(${s(M.connected)})`, 'connected (0/1)'],
    ]),
  ];
}

/** The consumer's row: outcomes, retries and dead letters, queue depths, and the mails sent. */
function consumerPanels(service: string, first: number): Panel[] {
  const s = (metric: string) => `${metric}${serviceSelector(service)}`;
  return [
    panel(first, 'Events consumed per minute by type and outcome', 'short', [
      [`sum by (type, outcome) (rate(${s(M.consumed)}[5m])) * 60`, '{{type}} {{outcome}}'],
    ]),
    panel(first + 1, 'Retried and dead-lettered per minute', 'short', [
      [`sum by (type) (rate(${s(M.retried)}[5m])) * 60`, 'retried {{type}}'],
      [`sum by (type) (rate(${s(M.deadLettered)}[5m])) * 60`, 'dead-lettered {{type}}'],
    ]),
    panel(first + 2, 'Ready messages by queue (.dead included); broker connection', 'short', [
      [`max by (queue) (${s(M.queueDepth)})`, '{{queue}}'],
      [`min(${s(M.connected)})`, 'connected (0/1)'],
    ]),
    panel(first + 3, 'Mails sent per minute by type and outcome', 'short', [
      [`sum by (type, outcome) (rate(${s(M.mailsSent)}[5m])) * 60`, '{{type}} {{outcome}}'],
    ]),
  ];
}

/** Event panels of a service on the bus, from position `first`: publisher (outbox) or consumer (mails). */
export function eventPanels(service: string, first: number): Panel[] {
  if (!isServiceName(service) || !SERVICES[service].usesBroker) return [];
  return SERVICES[service].sendsMail ? consumerPanels(service, first) : publisherPanels(service, first);
}
