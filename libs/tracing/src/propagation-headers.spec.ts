import { dropCallerTraceHeaders } from './propagation-headers';

describe('dropCallerTraceHeaders', () => {
  it('leaves a fetch only the headers that are not trace context (undici 6+: a flat name/value list)', () => {
    const request = {
      headers: ['accept', 'application/json', 'traceparent', '00-a-b-01', 'TraceState', 'k=v', 'x-request-id', 'r-1'],
    };
    dropCallerTraceHeaders(request);
    expect(request.headers).toEqual(['accept', 'application/json', 'x-request-id', 'r-1']);
  });

  it('does the same for the raw header block of undici 5', () => {
    const request = { headers: 'accept: application/json\r\nTraceparent: 00-a-b-01\r\nx-request-id: r-1\r\n' };
    dropCallerTraceHeaders(request);
    expect(request.headers).toBe('accept: application/json\r\nx-request-id: r-1\r\n');
  });
});
