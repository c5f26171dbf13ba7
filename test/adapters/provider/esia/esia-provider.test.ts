// The esia dialect against the ESIA sandbox: a person comes out as the same Person
// as from the oidc dialect, with both endpoint generations.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import t from 'tap';
import { createEsiaProvider } from '../../../../src/adapters/provider/esia/esia-provider.js';
import { birthdateFor, findPersona } from '../../../../src/sandbox/personas.js';
import { clientSigner, esiaOptions, startEsiaSandbox } from '../../../helpers/esia.js';
import { signInAtSandbox } from '../../../helpers/sandbox-driver.js';

const logger = pino({ level: 'silent' });

for (const endpoints of ['v2', 'legacy'] as const) {
  t.test(`${endpoints}: a signed login yields the normalized person`, async (t) => {
    const sandbox = await startEsiaSandbox(t);
    const provider = createEsiaProvider(esiaOptions(sandbox, endpoints), { signer: clientSigner, logger });
    const state = randomUUID();
    const url = await provider.authorizationUrl({ state, nonce: 'n', codeChallenge: 'c', locale: 'ru' });
    t.equal(url.pathname, endpoints === 'v2' ? '/aas/oauth2/v2/ac' : '/aas/oauth2/ac');
    const back = await signInAtSandbox(url.href, 'child12-consent');
    const { person } = await provider.completeLogin(back, { state, nonce: 'n', codeVerifier: 'v' });
    const p = findPersona('child12-consent')!;
    t.same(person, {
      provider: sandbox.issuer,
      subject: p.oid,
      confirmed: true,
      familyName: p.family_name,
      givenName: p.given_name,
      middleName: p.middle_name,
      birthdate: birthdateFor(p, new Date()),
      gender: p.gender,
      phone: null,
      phoneVerified: false,
      email: p.email,
      emailVerified: true,
      parentalConsent: true,
      parentSubject: findPersona('parent')!.oid,
    });
  });
}
