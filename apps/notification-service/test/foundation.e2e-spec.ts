import { describeFoundation } from '../../../test/support/foundation-suite';
import { notificationService } from '../src/notification-service';

// The shared stack needs no broker, upstream or mail server (without AMQP_URL it consumes nothing), but the
// service refuses to start without its client credentials and, with SMTP, a mail server's address.
describeFoundation(notificationService, {
  SERVICE_CLIENT_ID: 'notification-service',
  SERVICE_CLIENT_SECRET: 'foundation-suite-secret',
  USER_SERVICE_URL: 'http://127.0.0.1:9',
  SMTP_URL: 'smtp://127.0.0.1:9',
});
