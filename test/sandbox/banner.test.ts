// `npm start` in development prints where the sandbox's personas are: that link
// must open a page listing them (it was the sandbox's root, a 404).

import t from 'tap';
import { freePort } from '../helpers/free-port.js';
import { runMain } from '../helpers/run-main.js';
import { tempDir } from '../helpers/service.js';
import { personas } from '../../src/sandbox/personas.js';

async function lineMatching(read: () => string, pattern: RegExp, ms = 60_000): Promise<RegExpExecArray> {
  const until = Date.now() + ms;
  for (;;) {
    const match = pattern.exec(read());
    if (match) return match;
    if (Date.now() > until) throw new Error(`no line matching ${pattern} in:\n${read()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

t.test('the start-up banner links to a page of every persona', async (t) => {
  const service = runMain({ PORT: String(await freePort()), SANDBOX_PORT: String(await freePort()), DATA_DIR: tempDir(t) });
  t.teardown(async () => {
    service.child.kill('SIGTERM');
    await service.exited;
  });
  const [, link] = await lineMatching(() => service.out(), /personas at (\S+)\n/);
  const page = await fetch(link!);
  t.equal(page.status, 200, `${link} opens`);
  t.match(page.headers.get('content-type'), /^text\/html/);
  const html = await page.text();
  for (const persona of personas) t.match(html, persona.id, `lists ${persona.id}`);
  const english = await (await fetch(link!, { headers: { 'accept-language': 'en' } })).text();
  t.match(english, 'Test people of the ESIA sandbox', 'in English when asked');
});
