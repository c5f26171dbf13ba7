// Screen 1: the start. One way in (Госуслуги); the usual phone-number way is shown
// disabled with a note, as the instructions describe the form.

import { html } from './html.js';
import { form, layout, textsOf, type PageContext } from './layout.js';

export function startPage(ctx: PageContext, options: { development: boolean }) {
  const t = textsOf(ctx);
  return layout(
    ctx,
    t.startTitle,
    html`<h1>${t.startTitle}</h1>
<p>${t.startLead}</p>
${form(ctx, '/login', html`<button type="submit" class="primary esia">${t.startEsia}</button>`)}
<button type="button" class="secondary" disabled aria-describedby="phone-note">${t.startPhone}</button>
<p id="phone-note" class="note">${t.startPhoneNote}</p>
${options.development ? html`<p class="note dev">${t.startDevNote}</p>` : ''}`,
  );
}
