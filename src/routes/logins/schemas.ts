// Request and response schemas of the login API: declared once, they drive
// Fastify's validation, the handlers' TypeScript types and openapi.yaml.

import { Type, type Static } from '@sinclair/typebox';
import { LOGIN_STATUSES } from '../../domain/login-status.js';

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const ISO = { format: 'date-time' } as const;
const Channel = Type.Union([Type.Literal('sms'), Type.Literal('email')]);

export const LoginIdParams = Type.Object(
  { id: Type.String({ pattern: UUID, description: 'Login id (UUID).' }) },
  { additionalProperties: false },
);

export const StartLoginBody = Type.Object(
  {
    return_to: Type.String({
      maxLength: 2048,
      description: 'Where the browser goes back after the provider; must equal one of the client’s registered URLs exactly.',
      examples: ['https://id.vk.example/esia/return'],
    }),
    locale: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('en')], { default: 'ru' })),
    client_state: Type.Optional(
      Type.String({
        maxLength: 512,
        // No control characters, no lone surrogates: it is echoed back as is.
        pattern: '^[^\\p{Cc}\\p{Cs}]*$',
        description: 'Opaque value echoed back in the login; any text without control characters.',
      }),
    ),
  },
  { additionalProperties: false, examples: [{ return_to: 'https://id.vk.example/esia/return', locale: 'ru', client_state: 'vk-session-42' }] },
);
export type StartLoginBody = Static<typeof StartLoginBody>;

export const StartedLogin = Type.Object(
  {
    id: Type.String({ pattern: UUID }),
    status: Type.Literal('awaiting_provider'),
    authorization_url: Type.String({
      description:
        'Send the person’s browser here: a page of this service, usable once, that ties the login to that browser with a cookie and redirects to the provider (PKCE, state, nonce). ' +
        'The same browser must come back through the callback; check that the `login_id` it brings to your return URL is the login you started in that browser’s session.',
    }),
    expires_at: Type.String(ISO),
  },
  {
    additionalProperties: false,
    examples: [
      {
        id: '0b9f3a58-5a4c-4f0e-9a63-3d0d3f6c2f11',
        status: 'awaiting_provider',
        authorization_url: 'https://esia-bridge.example.ru/v1/logins/0b9f3a58-5a4c-4f0e-9a63-3d0d3f6c2f11/authorize',
        expires_at: '2026-11-27T10:15:00.000Z',
      },
    ],
  },
);

export const ClaimBody = Type.Object(
  { handoff: Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$', description: 'The handoff from the return URL.' }) },
  { additionalProperties: false },
);

export const SendCodeBody = Type.Object(
  { channel: Type.Optional(Channel) },
  { additionalProperties: false, description: 'Empty to re-send; `channel` to switch after a failed delivery.' },
);

export const VerifyCodeBody = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$', description: 'The six-digit code.', examples: ['042917'] }) },
  { additionalProperties: false },
);

export const SelectProfileBody = Type.Union(
  [
    Type.Object({ confirm: Type.Literal(true) }, { additionalProperties: false, title: 'ConfirmNewProfile' }),
    Type.Object({ profile_id: Type.String({ pattern: UUID }) }, { additionalProperties: false, title: 'PickCandidate' }),
    Type.Object({ not_mine: Type.Literal(true) }, { additionalProperties: false, title: 'DeclineCandidates' }),
  ],
  {
    description:
      'In `choose_profile`: `{profile_id}` ("это мой профиль") links that candidate; `{not_mine: true}` ("это не мой профиль") leads to `profile_review`. ' +
      'In `profile_review`: `{confirm: true}` creates the prefilled profile.',
  },
);
export type SelectProfileBody = Static<typeof SelectProfileBody>;

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const LoginSchema = Type.Object(
  {
    id: Type.String({ pattern: UUID }),
    status: Type.Union(LOGIN_STATUSES.map((s) => Type.Literal(s))),
    expires_at: Type.String(ISO),
    client_state: Nullable(Type.String()),
    person: Type.Optional(
      Type.Object(
        {
          family_name: Nullable(Type.String()),
          given_name: Nullable(Type.String()),
          middle_name: Nullable(Type.String()),
          birthdate: Nullable(Type.String({ format: 'date' })),
          gender: Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Null()]),
          age_group: Type.Union([
            Type.Literal('adult'),
            Type.Literal('minor_14_17'),
            Type.Literal('minor_under_14'),
            Type.Null(),
          ]),
        },
        { additionalProperties: false, description: 'The provider’s data (the prefill of a new profile). Shown only after the claim.' },
      ),
    ),
    otp: Type.Optional(
      Type.Object(
        {
          channel: Channel,
          destination: Type.String({ description: 'Masked, e.g. "+7 *** ***-**-67" or "i***@mail.ru".' }),
          expires_at: Nullable(Type.String(ISO)),
          resend_available_at: Type.String(ISO),
          attempts_left: Type.Integer({ minimum: 0 }),
          resends_left: Type.Integer({ minimum: 0 }),
          delivery: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed'), Type.Null()]),
          alternatives: Type.Array(Type.Object({ channel: Channel, destination: Type.String() }, { additionalProperties: false }), {
            description: 'Other verified destinations; switching is allowed after a failed delivery.',
          }),
          may_decline: Type.Boolean({
            description:
              'True when the code goes to a contact the provider did not verify for the person (a minor’s profile contact): they may answer `{not_mine: true}` without the code if they do not recognise the destination.',
          }),
        },
        { additionalProperties: false },
      ),
    ),
    candidates: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Type.String({ pattern: UUID }),
            display_name: Type.String({ description: 'Given name and family initial, e.g. "Анна С."' }),
            birth_year: Type.Integer({ description: 'Year of birth on the profile.' }),
            contacts: Type.Array(Type.String(), {
              description: 'The profile’s phone and e-mail, masked: a person who does not recognise one should answer "это не мой профиль".',
            }),
          },
          { additionalProperties: false },
        ),
        {
          description:
            'After the code: the profiles that may be the person’s. Show them for confirmation ("это мой профиль" / "это не мой профиль"), even when there is one.',
        },
      ),
    ),
    result: Type.Optional(
      Type.Object(
        {
          profile_id: Type.String({ pattern: UUID }),
          created: Type.Boolean(),
          linked: Type.Boolean({ description: 'True when this login created the link.' }),
          assertion: Type.String({ description: 'ES256 JWT signed by the service; verify with /.well-known/jwks.json.' }),
        },
        { additionalProperties: false },
      ),
    ),
    error: Type.Optional(Type.Object({ code: Type.String() }, { additionalProperties: false })),
  },
  {
    $id: 'Login',
    title: 'Login',
    description: 'The login as its client sees it: the person, the code and the result appear only after the claim.',
    additionalProperties: false,
    examples: [
      {
        id: '0b9f3a58-5a4c-4f0e-9a63-3d0d3f6c2f11',
        status: 'otp_required',
        expires_at: '2026-11-27T10:15:00.000Z',
        client_state: 'vk-session-42',
        person: {
          family_name: 'Соколов',
          given_name: 'Андрей',
          middle_name: 'Викторович',
          birthdate: '1992-07-30',
          gender: 'male',
          age_group: 'adult',
        },
        otp: {
          channel: 'sms',
          destination: '+7 *** ***-**-01',
          expires_at: '2026-11-27T10:05:00.000Z',
          resend_available_at: '2026-11-27T10:01:00.000Z',
          attempts_left: 5,
          resends_left: 3,
          delivery: 'sent',
          alternatives: [{ channel: 'email', destination: 'a***@example.ru' }],
        },
      },
    ],
  },
);
export const LoginRef = Type.Ref(LoginSchema);
