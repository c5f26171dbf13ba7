// Screen 5: signed in. Shown only after the assertion's signature, issuer, audience
// and subject were verified; it lists what the assertion carries, keeping what the
// provider verified apart from what the profile holds.

import type { AssertionClaims } from '../assertion.js';
import type { Texts } from '../texts.js';
import { html, type Html } from './html.js';
import { form, layout, textsOf, type PageContext } from './layout.js';
import { displayDate } from './profile-pages.js';

const ORDER = ['sub', 'amr', 'age_group', 'verified', 'profile'];
const LAST = ['iss', 'aud', 'iat', 'exp', 'jti'];

export function donePage(ctx: PageContext, signedIn: { created: boolean; claims: AssertionClaims }) {
  const t = textsOf(ctx);
  const title = signedIn.created ? t.createdTitle : t.signedInTitle;
  return layout(
    ctx,
    title,
    html`<h1>${title}</h1>
<p>${t.isolated}</p>
<p class="note">${t.verifiedNote}</p>
<h2>${t.claimsTitle}</h2>
${claimList(signedIn.claims, t, ctx.locale)}
${form(ctx, '/logout', html`<button type="submit" class="secondary">${t.signOut}</button>`)}`,
  );
}

function claimList(claims: Record<string, unknown>, t: Texts, locale: string): Html {
  const keys = Object.keys(claims);
  const ordered = [
    ...ORDER.filter((k) => keys.includes(k)),
    ...keys.filter((k) => !ORDER.includes(k) && !LAST.includes(k)),
    ...LAST.filter((k) => keys.includes(k)),
  ];
  return html`<dl class="claims">${ordered.map((key) => {
    const value = claims[key];
    const label = t.claimLabels[key] ?? key;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return html`<div class="group"><dt>${label}</dt><dd>${claimList(value as Record<string, unknown>, t, locale)}</dd></div>`;
    }
    return html`<div><dt>${label}</dt><dd>${claimValue(key, value, t, locale)}</dd></div>`;
  })}</dl>`;
}

function claimValue(key: string, value: unknown, t: Texts, locale: string): string {
  if (Array.isArray(value)) return value.join(', ');
  if ((key === 'iat' || key === 'exp') && typeof value === 'number') {
    return new Date(value * 1000).toLocaleString(locale === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: 'Europe/Moscow' });
  }
  if (key === 'birthdate' && typeof value === 'string') return displayDate(value);
  if (key === 'gender') return value === 'male' ? t.male : value === 'female' ? t.female : String(value);
  return String(value);
}
