// The provider's callback is opened by a browser: whatever is wrong with the query,
// the person gets the HTML page that says to start again, never a JSON problem.

import t from 'tap';
import { build } from '../helpers/service.js';

t.test('malformed callback queries get the HTML error page', async (t) => {
  const service = await build(t);
  const queries = {
    'a repeated state': '?state=a&state=b&code=x',
    'an over-long state': `?state=${'s'.repeat(600)}&code=x`,
    'a repeated code': '?state=a&code=x&code=y',
    'an over-long error': `?state=a&error=${'e'.repeat(300)}`,
  };
  for (const [name, query] of Object.entries(queries)) {
    const res = await service.app.inject(`/v1/callback${query}`);
    t.equal(res.statusCode, 400, name);
    t.match(res.headers['content-type'], /^text\/html/, name);
    t.equal(res.headers['cache-control'], 'no-store', name);
    t.notOk(res.headers.location, `${name}: no redirect`);
    t.match(res.body, /<h1>Вход не удался<\/h1>/, name);
    t.notMatch(res.body, /object Object/, name);
  }
  const en = await service.app.inject({ url: '/v1/callback?state=a&state=b', headers: { 'accept-language': 'en' } });
  t.match(en.body, /<h1>Sign-in failed<\/h1>/);
});
