// Screens 3 and 4, after the code: confirm or choose the offered profile ("Это мой
// профиль" / "Это не мой профиль"), and review the new profile prefilled from the
// provider ("Информация о себе"), read-only.

import type { Login } from '../bridge-api.js';
import { html } from './html.js';
import { form, layout, textsOf, type PageContext } from './layout.js';

type Candidate = NonNullable<Login['candidates']>[number];

export function choosePage(ctx: PageContext, candidates: Candidate[], problem: string | null) {
  const t = textsOf(ctx);
  const several = candidates.length > 1;
  return layout(
    ctx,
    t.chooseTitle,
    html`<h1>${t.chooseTitle}</h1>
${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
<p>${several ? t.chooseLeadMany : t.chooseLeadOne}</p>
<ul class="candidates">
${candidates.map((c) => html`<li class="candidate">
<p class="name">${c.display_name}${c.birth_year ? html`<span class="year">, ${t.bornIn(c.birth_year)}</span>` : ''}</p>
${c.contacts?.length ? html`<p class="contacts">${c.contacts.join(', ')}</p>` : ''}
${form(ctx, '/profile', html`<input type="hidden" name="profile_id" value="${c.id}">
<button type="submit" class="primary" aria-label="${t.mine}: ${c.display_name}">${t.mine}</button>`)}
</li>`)}
</ul>
${form(ctx, '/profile/not-mine', html`<button type="submit" class="secondary" aria-describedby="not-mine-note">${several ? t.notMineMany : t.notMineOne}</button>
<p id="not-mine-note" class="hint">${t.notMineNote}</p>`)}
${form(ctx, '/cancel', html`<button type="submit" class="link">${t.cancel}</button>`)}`,
  );
}

/** YYYY-MM-DD → ДД.ММ.ГГГГ, as the form shows dates. */
export function displayDate(iso: string | null): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '';
}

export function reviewPage(ctx: PageContext, person: NonNullable<Login['person']>) {
  const t = textsOf(ctx);
  const field = (id: string, label: string, value: string | null, hint?: string) =>
    html`<label for="${id}">${label}</label>
<input id="${id}" type="text" value="${value ?? ''}" readonly aria-describedby="${hint ? `${id}-hint ` : ''}review-note">
${hint ? html`<p id="${id}-hint" class="hint">${hint}</p>` : ''}`;
  const gender = person.gender === 'male' ? t.male : person.gender === 'female' ? t.female : '';
  return layout(
    ctx,
    t.reviewTitle,
    html`<h1>${t.reviewTitle}</h1>
<p>${t.reviewLead}</p>
<p id="review-note" class="note">${t.reviewNote}</p>
<div class="fields">
${field('given_name', t.givenName, person.given_name)}
${field('family_name', t.familyName, person.family_name)}
${field('middle_name', t.middleName, person.middle_name)}
${field('birthdate', t.birthdate, displayDate(person.birthdate), t.birthdateHint)}
${field('gender', t.gender, gender)}
</div>
${form(ctx, '/profile/confirm', html`<button type="submit" class="primary">${t.continue}</button>`)}
${form(ctx, '/cancel', html`<button type="submit" class="link">${t.cancel}</button>`)}`,
  );
}

/** The service could not finish saving the result: the same step is retried. */
export function completingPage(ctx: PageContext) {
  const t = textsOf(ctx);
  return layout(
    ctx,
    t.completingTitle,
    html`<h1>${t.completingTitle}</h1>
<p role="alert">${t.completingLead}</p>
${form(ctx, '/complete', html`<button type="submit" class="primary">${t.retry}</button>`)}`,
  );
}

/** The browser came here before finishing at the provider (e.g. an old tab). */
export function waitingPage(ctx: PageContext) {
  const t = textsOf(ctx);
  return layout(
    ctx,
    t.waitingTitle,
    html`<h1>${t.waitingTitle}</h1>
<p>${t.waitingLead}</p>
${form(ctx, '/login', html`<button type="submit" class="primary esia">${t.startAgain}</button>`)}`,
  );
}
