/** One line of the order as a mail shows it, amounts already formatted. */
export interface MailOrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
}

/** What a mail says, independent of its text and HTML forms (mail-layout.ts renders both from it). */
export interface MailContent {
  subject: string;
  /** The first line under the greeting. */
  heading: string;
  paragraphs: string[];
  /** The order's lines with their subtotal and total, when the mail lists them. */
  lines?: { items: MailOrderLine[]; subtotal: string; total: string };
  /** Label and value pairs, the order number first: an amount, a deadline. */
  facts: [label: string, value: string][];
  /** Where the shopper sees the order. */
  link: { label: string; url: string };
}

/** A mail ready to send: the same message in both forms. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}
