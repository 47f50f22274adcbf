import { Controller, Get } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import { DECORATORS } from '@nestjs/swagger';
import { EXAMPLE_REQUEST_ID, type ProblemResponseDoc, toProblem } from '@app/errors';
import {
  PRIVILEGE_CHECK_PROBLEMS,
  PrivilegeCheck,
  PrivilegeCheckGuard,
  PrivilegeCheckUnavailableError,
  SessionRevokedError,
} from './privilege-check.guard';

describe('PRIVILEGE_CHECK_PROBLEMS', () => {
  // The documents show the bodies the guard's errors are sent as, not a copy that could drift from them.
  it.each([
    [401, new SessionRevokedError()],
    [503, new PrivilegeCheckUnavailableError()],
  ])('documents at %i the body the error is sent as, title included', (status, error) => {
    const documented = PRIVILEGE_CHECK_PROBLEMS[status] as ProblemResponseDoc;
    const sent = toProblem(error, { path: '/api/v1/...', method: 'GET', requestId: EXAMPLE_REQUEST_ID }).problem;
    expect(Object.keys(documented.examples ?? {})).toEqual([error.code]);
    expect(documented.examples?.[error.code].value).toEqual(sent);
    expect(documented.examples?.[error.code].value.title).toBe(error.title);
    expect(documented.description).toBe(`\`${error.code}\`: ${error.detail}`);
  });

  it('has nothing but those two statuses', () => {
    expect(Object.keys(PRIVILEGE_CHECK_PROBLEMS)).toEqual(['401', '503']);
  });
});

describe('@PrivilegeCheck()', () => {
  @Controller('admin')
  @PrivilegeCheck()
  class AdminController {
    @Get()
    list(): void {}
  }

  it('guards the routes and documents what the guard answers on each', () => {
    expect(Reflect.getMetadata(GUARDS_METADATA, AdminController)).toEqual([PrivilegeCheckGuard]);
    const responses = Reflect.getMetadata(DECORATORS.API_RESPONSE, AdminController.prototype.list) as Record<
      string,
      { content: Record<string, { examples: object }> }
    >;
    expect(Object.keys(responses)).toEqual(['401', '503']);
    expect(Object.keys(responses['401'].content['application/problem+json'].examples)).toEqual(['SESSION_REVOKED']);
    expect(Object.keys(responses['503'].content['application/problem+json'].examples)).toEqual([
      'PRIVILEGE_CHECK_UNAVAILABLE',
    ]);
  });
});
