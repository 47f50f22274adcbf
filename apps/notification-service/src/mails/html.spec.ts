import { escapeHtml, html } from './html';

describe('html', () => {
  it('escapes the five characters that can start markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes every interpolated value but keeps nested html output as markup', () => {
    const name = '<script>alert(1)</script>';
    const item = html`<li>${name}</li>`;
    // Prettier lays tagged `html` templates out as HTML: the whitespace between tags is not what is tested.
    const list = html`<ul>
      ${[item, item]}
    </ul>`;
    expect(list.markup.replace(/>\s+</g, '><')).toBe(
      '<ul><li>&lt;script&gt;alert(1)&lt;/script&gt;</li><li>&lt;script&gt;alert(1)&lt;/script&gt;</li></ul>',
    );
    expect(html`<p>${3} ${undefined}</p>`.toString()).toBe('<p>3 </p>');
  });
});
