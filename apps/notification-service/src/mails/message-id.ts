import { createHash } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The domain part of the sender address (`Shop <orders@shop.example>` -> `shop.example`). */
export function senderDomain(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}

/**
 * The Message-ID of the mail for one event: the same for every attempt, so a mail sent twice after a crash is
 * recognisably one message (mail clients and providers fold duplicates of a Message-ID), and a support person
 * can find the event from the mail's headers. Ids outside the safe character set are hashed.
 */
export function messageIdFor(eventId: string, from: string): string {
  const local = SAFE_ID.test(eventId) ? eventId : createHash('sha256').update(eventId).digest('hex');
  return `<${local}.notification@${senderDomain(from)}>`;
}
