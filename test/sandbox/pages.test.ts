import t from 'tap';
import { consentPage, errorPage, localeFor, loginPage } from '../../src/sandbox/pages.js';
import { findPersona, type Persona } from '../../src/sandbox/personas.js';

const hostile = '<script>alert("x")</script>&\'';
const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;';
const persona: Persona = {
  ...findPersona('adult-phone-email')!,
  id: `id-${hostile}`,
  family_name: hostile,
  description: hostile,
};

t.test('everything put into a page is escaped', async (t) => {
  const pages = [
    loginPage({ action: `/a?${hostile}`, clientId: hostile, locale: 'ru', personas: [persona], hint: persona.id }),
    consentPage({ action: '/a', clientId: hostile, locale: 'en', persona, scopes: ['openid', hostile] }),
    errorPage('ru', hostile),
  ];
  for (const html of pages) {
    t.notMatch(html, '<script>');
    t.match(html, escaped);
  }
});

t.test('the consent page names the data and offers allow/deny buttons', async (t) => {
  const html = consentPage({ action: '/x', clientId: 'bridge', locale: 'ru', persona, scopes: ['openid', 'phone', 'esia'] });
  t.match(html, 'Номер мобильного телефона');
  t.match(html, 'Уровень учётной записи');
  t.notMatch(html, 'Адрес электронной почты');
  t.match(html, '<button type="submit" name="decision" value="allow">Разрешить</button>');
  t.match(html, '<button type="submit" name="decision" value="deny">Отказать</button>');
});

t.test('ui_locales picks English only when it starts with en', async (t) => {
  t.equal(localeFor('en'), 'en');
  t.equal(localeFor('EN-us ru'), 'en');
  t.equal(localeFor('ru en'), 'ru');
  t.equal(localeFor(undefined), 'ru');
});
