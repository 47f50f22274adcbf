import { type AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as it arrived: the envelope recipients and the parsed message. */
export interface CaughtMail {
  envelopeTo: string[];
  message: ParsedMail;
}

/**
 * A real SMTP server in this process (no TLS, no auth, like a local catcher): every mail notification-service
 * sends arrives here over SMTP and is parsed, so tests assert on what a mailbox would receive.
 */
export class SmtpCatcher {
  readonly mails: CaughtMail[] = [];
  /** Mails to these recipients are read but never answered: the sender waits, as on a stalled server. */
  private readonly stalled = new Set<string>();
  /** How many mails a stall has held (never delivered: the sender gave up or died). */
  held = 0;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, callback) => {
      const envelopeTo = session.envelope.rcptTo.map((recipient) => recipient.address);
      if (envelopeTo.some((address) => this.stalled.has(address))) {
        this.held += 1;
        stream.resume();
        return;
      }
      simpleParser(stream)
        .then((message) => {
          this.mails.push({ envelopeTo, message });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** Stops answering mails to `address` (until `resume`), so a test can catch the sender mid-send. */
  stall(address: string): void {
    this.stalled.add(address);
  }

  resume(address: string): void {
    this.stalled.delete(address);
  }

  /** The mails to this recipient that arrived. */
  to(address: string): CaughtMail[] {
    return this.mails.filter((mail) => mail.envelopeTo.includes(address));
  }

  /** The mails carrying this Message-ID (one, when the service sent it once). */
  withMessageId(messageId: string): CaughtMail[] {
    return this.mails.filter((mail) => mail.message.messageId === messageId);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
