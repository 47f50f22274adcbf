import { UpstreamResponseError, type UpstreamClient } from '@app/http-client';
import { ContactClient } from './contact.client';

const clientAnswering = (answer: () => Promise<unknown>) => {
  const request = jest.fn(answer);
  return { client: new ContactClient({ request } as unknown as UpstreamClient), request };
};

describe('ContactClient', () => {
  it('asks user-service’s internal route with this service’s own token', async () => {
    const { client, request } = clientAnswering(async () => ({ body: { email: 'a@b.example', name: 'A' } }));
    await expect(client.find('65a0000000000000000000aa')).resolves.toEqual({ email: 'a@b.example', name: 'A' });
    expect(request).toHaveBeenCalledWith({
      method: 'GET',
      path: '/internal/v1/users/65a0000000000000000000aa/contact',
      credentials: 'service',
    });
  });

  it('answers null for a shopper user-service does not have (404), and passes every other failure on', async () => {
    const gone = clientAnswering(async () => Promise.reject(new UpstreamResponseError('user-service', 404, {})));
    await expect(gone.client.find('65a0000000000000000000aa')).resolves.toBeNull();
    const refused = new UpstreamResponseError('user-service', 401, { code: 'TOKEN_INVALID' });
    const unauthorised = clientAnswering(async () => Promise.reject(refused));
    await expect(unauthorised.client.find('65a0000000000000000000aa')).rejects.toBe(refused);
  });

  it('refuses an answer without an address, so the event is retried rather than mailed to nobody', async () => {
    const { client } = clientAnswering(async () => ({ body: { name: 'A' } }));
    await expect(client.find('65a0000000000000000000aa')).rejects.toThrow('without an email');
  });
});
