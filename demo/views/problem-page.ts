// Screen 6: sign-in cannot go on. The title says what happened, the text what the
// person can do, and the one button does it (start again, retry, or go home).

import { problemText } from '../problem-texts.js';
import { html } from './html.js';
import { form, layout, textsOf, type PageContext } from './layout.js';

export function problemPage(ctx: PageContext, code: string) {
  const t = textsOf(ctx);
  const p = problemText(code, ctx.locale);
  const action =
    p.action === 'restart'
      ? form(ctx, '/login', html`<button type="submit" class="primary esia">${t.startAgain}</button>`)
      : p.action === 'retry'
        ? html`<p><a class="button primary" href="/flow">${t.retry}</a></p>`
        : html`<p><a class="button primary" href="/">${t.toStart}</a></p>`;
  return layout(
    ctx,
    p.title,
    html`<div class="problem" role="alert" data-problem="${code}">
<h1>${p.title}</h1>
<p>${p.lead}</p>
${p.steps ? html`<ol>${p.steps.map((s) => html`<li>${s}</li>`)}</ol>` : ''}
${p.after ? html`<p>${p.after}</p>` : ''}
</div>
${action}
${p.action === 'restart' ? html`<p><a href="/">${t.toStart}</a></p>` : ''}`,
  );
}
