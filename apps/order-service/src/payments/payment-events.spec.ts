import { Logger } from '@nestjs/common';
import { PaymentEvents } from './payment-events';
import { type PaymentEvent } from './payment-provider';

const event: PaymentEvent = {
  id: 'evt_1',
  type: 'payment.succeeded',
  orderId: '65f0c0ffee0000000000abcd',
  providerPaymentId: 'pi_1',
  amount: 2500,
};

describe('PaymentEvents', () => {
  it('refuses an event before the order feature registered its handler, so the sender delivers it again', async () => {
    await expect(new PaymentEvents().deliver(event)).rejects.toThrow('no payment event handler is registered');
  });

  it("answers with the handler's outcome and logs the event", async () => {
    const logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const events = new PaymentEvents();
    events.handleWith(() => Promise.resolve('ignored'));

    await expect(events.deliver(event)).resolves.toBe('ignored');

    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ eventId: 'evt_1', result: 'ignored' }));
    logged.mockRestore();
  });
});
