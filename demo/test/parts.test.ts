// The small parts: escaping in the page templates, the session store's expiry and
// cap, and a text for every error the API can end a login with.

import t from 'tap';
import { inlineProblem, problemText } from '../problem-texts.js';
import { codePage } from '../views/code-page.js';
import { choosePage } from '../views/profile-pages.js';
import { BoundedMemoryStore } from '../session-store.js';
import { html } from '../views/html.js';

t.test('html escapes every value that is not itself html', async (t) => {
  const name = `<script>alert("x")</script>&'`;
  t.equal(html`<p title="${name}">${name}</p>`.value, '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>');
  t.equal(html`<ul>${['a', html`<li>b</li>`, null, undefined, false]}</ul>`.value, '<ul>a<li>b</li></ul>');
  t.equal(`${html`<b>${0}</b>`}`, '<b>0</b>');
});

t.test('sessions expire when idle and the oldest go first past the cap', async (t) => {
  let now = 0;
  const store = new BoundedMemoryStore(1000, 2, () => now);
  const session = (n: number) => ({ n }) as never;
  const get = (id: string) => new Promise((resolve) => store.get(id, (_err, s) => resolve(s)));
  store.set('a', session(1), () => {});
  store.set('b', session(2), () => {});
  t.same(await get('a'), { n: 1 });
  store.set('a', session(3), () => {}); // written again: now the newest
  store.set('c', session(4), () => {});
  t.equal(store.size, 2);
  t.equal(await get('b'), undefined, 'the least recently written went');
  now = 999;
  t.same(await get('c'), { n: 4 });
  now = 1000;
  t.equal(await get('c'), undefined, 'idle too long');
  t.equal(store.size, 1);
  store.destroy('a', () => {});
  t.equal(store.size, 0);
});

t.test('every way a login can end has a screen that says what to do', async (t) => {
  const codes = [
    'account_not_verified', 'parental_consent_required', 'consent_denied', 'no_verified_contact', 'incomplete_provider_data',
    'provider_unavailable', 'provider_error', 'otp_locked', 'login_expired', 'expired', 'cancelled', 'invalid_handoff',
    'service_unavailable', 'service_unreachable', 'login_not_found', 'foreign_login', 'assertion_invalid', 'csrf',
  ];
  const unknown = problemText('unknown', 'ru');
  for (const locale of ['ru', 'en'] as const) {
    for (const code of codes) {
      const text = problemText(code, locale);
      t.not(text.title, problemText('unknown', locale).title, `${code} (${locale}) has its own title`);
      t.ok(text.lead.length > 20, `${code} (${locale}) says what to do`);
    }
  }
  t.equal(problemText('no_such_code', 'ru'), unknown);
});

t.test('both languages have every message and every screen text', async (t) => {
  const codes = ['invalid_code', 'code_format', 'code_expired', 'resend_cooldown', 'resend_limit', 'send_limit', 'rate_limited', 'too_many_requests', 'channel_unavailable', 'candidate_not_offered'];
  for (const locale of ['ru', 'en'] as const) {
    for (const code of codes) {
      const plain = inlineProblem(code, locale, {});
      const detailed = inlineProblem(code, locale, { attemptsLeft: 2, retryAfter: 61 });
      t.ok(plain && detailed, `${code} (${locale})`);
    }
    t.match(inlineProblem('send_limit', locale, { retryAfter: 61 }), / 2 (мин|min)\./);
    t.equal(inlineProblem('otp_locked', locale, {}), null, 'not told in place');

    const ctx = { locale, csrf: 'token', path: '/flow' };
    const page = codePage(ctx, {
      otp: {
        channel: 'email',
        destination: 'm***@example.com',
        resend_available_at: '2030-01-01T00:00:00Z',
        attempts_left: 1,
        resends_left: 1,
        delivery: 'failed',
        alternatives: [{ channel: 'sms', destination: '+7 *** ***-**-03' }],
      },
      problem: null,
      notice: null,
      outboxUrl: null,
      now: new Date('2030-01-01T00:00:10Z'),
    }).value;
    t.match(page, /m\*\*\*@example\.com/);
    t.match(page, /\+7 \*\*\* \*\*\*-\*\*-03/, `${locale}: switch to SMS`);
    t.match(page, /data-countdown="0" hidden/, 'no wait left');
    t.notMatch(page, /outbox/);
    t.match(choosePage(ctx, [{ id: 'c', display_name: 'Анна С.', birth_year: 2010 }], null).value, /2010/);
  }
});
