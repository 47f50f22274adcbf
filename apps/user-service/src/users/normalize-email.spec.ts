import { createValidationPipe, type ValidationFailedError } from '@app/errors';
import { LoginDto } from '../auth/dto/login.dto';

const pipe = createValidationPipe();
const asLogin = (body: object) => pipe.transform(body, { type: 'body', metatype: LoginDto }) as Promise<LoginDto>;

/** Logins find the account whatever the case and surrounding spaces the email was typed with. */
describe('@NormalizeEmail on a login', () => {
  it('trims and lower-cases the email before it is looked up', async () => {
    await expect(asLogin({ email: '  Ada@Example.COM ', password: 'x' })).resolves.toMatchObject({
      email: 'ada@example.com',
    });
  });

  it('leaves an email that is not text for validation to refuse as a 400 on that field', async () => {
    const error = (await asLogin({ email: ['ada@example.com'], password: 'x' }).catch(
      (caught: unknown) => caught,
    )) as ValidationFailedError;
    expect(error.status).toBe(400);
    expect(error.errors?.map((each) => each.field)).toEqual(['email']);
  });
});
