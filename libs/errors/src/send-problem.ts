import { Logger } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './to-problem';

const logger = new Logger('Problem');

/** Writes the problem for `error` to the reply; shared by the Nest filter and Fastify's error handler. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const path = (request.url ?? '/').split('?')[0];
  const { problem, headers, unexpected } = toProblem(error, {
    requestId: String(request.id),
    path,
    method: request.method,
  });
  if (unexpected) logger.error({ err: error, requestId: request.id, code: problem.code }, 'request failed');
  if (reply.sent) return;
  void reply
    .status(problem.status)
    .headers(headers)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem));
}
