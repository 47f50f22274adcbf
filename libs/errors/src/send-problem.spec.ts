import { Logger } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { ConflictError } from './domain-error';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { sendProblem } from './send-problem';

/** A reply that records what was written to it. */
interface FakeReply {
  sent: boolean;
  status: jest.Mock;
  headers: jest.Mock;
  header: jest.Mock;
  send: jest.Mock;
}

function fakeReply(sent = false): FakeReply {
  const reply: FakeReply = {
    sent,
    status: jest.fn(() => reply),
    headers: jest.fn(() => reply),
    header: jest.fn(() => reply),
    send: jest.fn(() => reply),
  };
  return reply;
}

const request = (url: string | undefined) => ({ id: 'req-7', url, method: 'POST' }) as unknown as FastifyRequest;

describe('sendProblem', () => {
  let logged: jest.SpyInstance;

  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it('answers with the problem as application/problem+json, its path without the query string', () => {
    const reply = fakeReply();

    sendProblem(new ConflictError('OUT_OF_STOCK', 'Sold out.'), request('/api/v1/orders?x=1'), reply as never);

    expect(reply.status).toHaveBeenCalledWith(409);
    expect(reply.header).toHaveBeenCalledWith('content-type', PROBLEM_CONTENT_TYPE);
    expect(JSON.parse(reply.send.mock.calls[0][0] as string)).toMatchObject({
      code: 'OUT_OF_STOCK',
      instance: '/api/v1/orders',
      requestId: 'req-7',
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it('logs an unexpected error with its request id, and reports the root path when the request has no url', () => {
    const reply = fakeReply();
    const bug = new TypeError('x is undefined');

    sendProblem(bug, request(undefined), reply as never);

    expect(logged).toHaveBeenCalledWith({ err: bug, requestId: 'req-7', code: 'INTERNAL_ERROR' }, 'request failed');
    expect(JSON.parse(reply.send.mock.calls[0][0] as string)).toMatchObject({ status: 500, instance: '/' });
  });

  it('writes nothing to a reply already sent (the error came after the answer), but still logs it', () => {
    const reply = fakeReply(true);

    sendProblem(new Error('after the answer'), request('/x'), reply as unknown as FastifyReply);

    expect(reply.send).not.toHaveBeenCalled();
    expect(logged).toHaveBeenCalled();
  });
});
