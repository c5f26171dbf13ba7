// Server-rendered pages of the sandbox. Plain urlencoded forms and no scripts, so
// that tests can walk the flow with nothing but an HTTP client and a cookie jar.
import { scopeLabel } from './claims.js';
import { accountLevel, type Persona } from './personas.js';
import { escapeHtml } from '../http/escape-html.js';

export type Locale = 'ru' | 'en';

export function localeFor(uiLocales: unknown): Locale {
  return typeof uiLocales === 'string' && /^en/i.test(uiLocales) ? 'en' : 'ru';
}

const text = {
  ru: {
    loginTitle: 'Вход через песочницу ЕСИА',
    loginLead: 'Выберите тестового пользователя для приложения',
    hinted: 'предложен приложением (login_hint)',
    signIn: 'Войти',
    age: 'возраст',
    level: { PR: 'подтверждённая запись', P: 'стандартная запись', KD: 'детская запись' },
    phone: { label: 'телефон', verified: 'подтверждён', unverified: 'не подтверждён' },
    email: { label: 'почта', verified: 'подтверждена', unverified: 'не подтверждена' },
    none: 'нет',
    consentTitle: 'Доступ к данным',
    consentLead: (client: string) => `Приложение «${client}» запрашивает доступ к вашим данным:`,
    signedInAs: 'Вы вошли как',
    allow: 'Разрешить',
    deny: 'Отказать',
    errorTitle: 'Ошибка',
    personasTitle: 'Тестовые пользователи песочницы ЕСИА',
    personasLead: 'Вымышленные люди, которыми можно войти в песочнице: страница входа предлагает каждого.',
  },
  en: {
    loginTitle: 'Sign in with the ESIA sandbox',
    loginLead: 'Choose a test person for the application',
    hinted: 'suggested by the application (login_hint)',
    signIn: 'Sign in',
    age: 'age',
    level: { PR: 'confirmed account', P: 'standard account', KD: "child's account" },
    phone: { label: 'phone', verified: 'verified', unverified: 'not verified' },
    email: { label: 'e-mail', verified: 'verified', unverified: 'not verified' },
    none: 'none',
    consentTitle: 'Access to your data',
    consentLead: (client: string) => `The application «${client}» asks for access to your data:`,
    signedInAs: 'Signed in as',
    allow: 'Allow',
    deny: 'Deny',
    errorTitle: 'Error',
    personasTitle: 'Test people of the ESIA sandbox',
    personasLead: 'Fictional people to sign in as at the sandbox: its sign-in page offers each of them.',
  },
};

function layout(locale: Locale, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}li{margin:.8rem 0;list-style:none}.hinted{border-left:4px solid #0d4cd3;padding-left:.6rem}small{color:#555}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}

const fullName = (p: Persona) => `${p.family_name} ${p.given_name} ${p.middle_name}`;

function facts(persona: Persona, locale: Locale): string {
  const t = text[locale];
  const contact = (kind: typeof t.phone, value: string | undefined, verified: boolean | undefined) =>
    `${kind.label}: ${value === undefined ? t.none : `${value} (${verified ? kind.verified : kind.unverified})`}`;
  return [
    `${t.age} ${persona.age.years}`,
    t.level[accountLevel(persona)],
    contact(t.phone, persona.phone, persona.phone_verified),
    contact(t.email, persona.email, persona.email_verified),
  ].join(' · ');
}

export interface LoginPageInput {
  action: string;
  clientId: string;
  locale: Locale;
  personas: readonly Persona[];
  hint?: string;
}

export function loginPage({ action, clientId, locale, personas, hint }: LoginPageInput): string {
  const t = text[locale];
  const hinted = personas.filter((p) => p.id === hint);
  const items = [...hinted, ...personas.filter((p) => p.id !== hint)].map((p) => {
    const mark = p.id === hint ? ` <strong>— ${escapeHtml(t.hinted)}</strong>` : '';
    return `<li${p.id === hint ? ' class="hinted"' : ''}>
<form method="post" action="${escapeHtml(action)}">
<button type="submit" name="persona" value="${escapeHtml(p.id)}">${escapeHtml(t.signIn)}: ${escapeHtml(fullName(p))}</button>${mark}
</form>
<small>${escapeHtml(p.id)} · ${escapeHtml(facts(p, locale))}<br>${escapeHtml(p.description)}</small>
</li>`;
  });
  return layout(
    locale,
    t.loginTitle,
    `<p>${escapeHtml(t.loginLead)} «${escapeHtml(clientId)}».</p>\n<ul>\n${items.join('\n')}\n</ul>`,
  );
}

/** The sandbox's front page: who one can sign in as (the start-up banner links here). */
export function personasPage(locale: Locale, personas: readonly Persona[]): string {
  const t = text[locale];
  const items = personas.map(
    (p) => `<li><strong>${escapeHtml(p.id)}</strong> — ${escapeHtml(fullName(p))}<br><small>${escapeHtml(facts(p, locale))}<br>${escapeHtml(p.description)}</small></li>`,
  );
  return layout(locale, t.personasTitle, `<p>${escapeHtml(t.personasLead)}</p>\n<ul>\n${items.join('\n')}\n</ul>`);
}

export interface ConsentPageInput {
  action: string;
  clientId: string;
  locale: Locale;
  persona: Persona;
  scopes: readonly string[];
}

export function consentPage({ action, clientId, locale, persona, scopes }: ConsentPageInput): string {
  const t = text[locale];
  const list = scopes.map((s) => `<li>${escapeHtml(scopeLabel(s, locale))}</li>`).join('\n');
  return layout(
    locale,
    t.consentTitle,
    `<p>${escapeHtml(t.signedInAs)} ${escapeHtml(fullName(persona))}.</p>
<p>${escapeHtml(t.consentLead(clientId))}</p>
<ul>
${list}
</ul>
<form method="post" action="${escapeHtml(action)}">
<button type="submit" name="decision" value="allow">${escapeHtml(t.allow)}</button>
<button type="submit" name="decision" value="deny">${escapeHtml(t.deny)}</button>
</form>`,
  );
}

export function errorPage(locale: Locale, message: string): string {
  return layout(locale, text[locale].errorTitle, `<p>${escapeHtml(message)}</p>`);
}

/** An OAuth error as the person sees it: `error: error_description`. */
export function oauthErrorPage(locale: Locale, out: { error: string; error_description?: string }): string {
  return errorPage(locale, [out.error, out.error_description].filter(Boolean).join(': '));
}
