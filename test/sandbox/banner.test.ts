// `npm start` in development prints where the sandbox's personas are: that link
// must open a page listing them (the sandbox's root was a 404).

import t from 'tap';
import { freePort } from '../helpers/free-port.js';
import { runMain } from '../helpers/run-main.js';
import { tempDir } from '../helpers/service.js';
import { startSandbox } from '../../src/sandbox/index.js';
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

t.test('the sandbox’s root lists every persona, in Russian or English', async (t) => {
  const sandbox = await startSandbox({ port: 0, clients: [] });
  t.teardown(() => sandbox.close());
  const page = await fetch(`${sandbox.url}/`);
  t.equal(page.status, 200);
  t.match(page.headers.get('content-security-policy'), /default-src 'none'/);
  const html = await page.text();
  t.match(html, 'Тестовые пользователи песочницы ЕСИА');
  for (const persona of personas) t.match(html, `<strong>${persona.id}</strong>`, `lists ${persona.id}`);
  t.match(await (await fetch(`${sandbox.url}/`, { headers: { 'accept-language': 'en-GB,en' } })).text(), 'Test people of the ESIA sandbox');
});

t.test('the start-up banner links to that page', async (t) => {
  const service = runMain({ PORT: String(await freePort()), SANDBOX_PORT: String(await freePort()), DATA_DIR: tempDir(t) });
  t.teardown(async () => {
    service.child.kill('SIGTERM');
    await service.exited;
  });
  const [, link] = await lineMatching(() => service.out(), /personas at (\S+)\n/);
  const page = await fetch(link!);
  t.equal(page.status, 200, `${link} opens`);
  t.match(page.headers.get('content-type'), /^text\/html/);
  t.match(await page.text(), 'Тестовые пользователи песочницы ЕСИА');
});
