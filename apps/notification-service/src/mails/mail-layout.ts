import { html, type SafeHtml } from './html';
import { type MailContent, type MailOrderLine, type RenderedMail } from './mail-content';

const SIGN_OFF = 'Thank you for shopping with us.';

/** Both forms of one mail from the same content, so the text and the HTML can never say different things. */
export function renderMail(content: MailContent, recipientName: string): RenderedMail {
  return {
    subject: content.subject,
    text: renderText(content, recipientName),
    html: renderHtml(content, recipientName),
  };
}

function renderText(content: MailContent, name: string): string {
  const blocks = [`Hello ${name},`, content.heading, ...content.paragraphs];
  if (content.lines) {
    const rows = content.lines.items.map(
      (line) => `- ${line.name} (${line.sku}): ${line.quantity} x ${line.unitPrice} = ${line.lineTotal}`,
    );
    blocks.push([...rows, '', `Subtotal: ${content.lines.subtotal}`, `Total: ${content.lines.total}`].join('\n'));
  }
  blocks.push(content.facts.map(([label, value]) => `${label}: ${value}`).join('\n'));
  blocks.push(`${content.link.label}: ${content.link.url}`, SIGN_OFF);
  return `${blocks.join('\n\n')}\n`;
}

function renderHtml(content: MailContent, name: string): string {
  const body = html`<p>Hello ${name},</p>
    <p><strong>${content.heading}</strong></p>
    ${content.paragraphs.map((paragraph) => html`<p>${paragraph}</p> `)}${content.lines ? linesTable(content.lines) : undefined}${factsList(content.facts)}
    <p><a href="${content.link.url}">${content.link.label}</a></p>
    <p>${SIGN_OFF}</p>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${content.subject}</title>
      </head>
      <body style="font-family: Arial, Helvetica, sans-serif; color: #222; line-height: 1.5;">
        ${body}
      </body>
    </html> `.markup;
}

const CELL = 'padding: 4px 8px; border-bottom: 1px solid #ddd;';
const AMOUNT = `${CELL} text-align: right;`;

function linesTable(lines: NonNullable<MailContent['lines']>): SafeHtml {
  const row = (line: MailOrderLine) =>
    html`<tr>
      <td style="${CELL}">${line.name}<br /><small>${line.sku}</small></td>
      <td style="${AMOUNT}">${line.quantity}</td>
      <td style="${AMOUNT}">${line.unitPrice}</td>
      <td style="${AMOUNT}">${line.lineTotal}</td>
    </tr> `;
  return html`<table style="border-collapse: collapse;">
    <thead>
      <tr>
        <th align="left">Item</th>
        <th align="right">Qty</th>
        <th align="right">Unit price</th>
        <th align="right">Total</th>
      </tr>
    </thead>
    <tbody>
      ${lines.items.map(row)}
    </tbody>
    <tfoot>
      <tr>
        <td colspan="3" align="right">Subtotal</td>
        <td align="right">${lines.subtotal}</td>
      </tr>
      <tr>
        <td colspan="3" align="right"><strong>Total</strong></td>
        <td align="right"><strong>${lines.total}</strong></td>
      </tr>
    </tfoot>
  </table> `;
}

function factsList(facts: MailContent['facts']): SafeHtml {
  return html`<ul>
    ${facts.map(([label, value]) => html`<li>${label}: <strong>${value}</strong></li> `)}
  </ul> `;
}
