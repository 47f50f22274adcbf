import jwt from 'jsonwebtoken';
import { sessionIdOf } from './session-id.decorator';

const signed = (claims: object) => `Bearer ${jwt.sign(claims, 'test-secret')}`;

/** Which session a password change keeps: without a readable `sid`, none is kept (every session ends). */
describe('sessionIdOf', () => {
  it('reads the sid claim of the bearer token', () => {
    expect(sessionIdOf(signed({ sub: 'u1', sid: 'session-1' }))).toBe('session-1');
  });

  it('has no session for a missing or repeated header, an undecodable token, or a token without a text sid', () => {
    expect(sessionIdOf(undefined)).toBeUndefined();
    expect(sessionIdOf(['Bearer a', 'Bearer b'])).toBeUndefined();
    expect(sessionIdOf('Bearer ')).toBeUndefined();
    expect(sessionIdOf('Bearer not-a-jwt')).toBeUndefined();
    expect(sessionIdOf(signed({ sub: 'u1' }))).toBeUndefined();
    expect(sessionIdOf(signed({ sub: 'u1', sid: 42 }))).toBeUndefined();
  });
});
