// Every failure the service reports carries a stable machine `code` and a human
// message in Russian and English. One error handler turns these into RFC 9457
// problem+json; nothing else builds error bodies. 5xx messages are generic so that
// internals never leak (`expose` is false for them).

export type Locale = 'ru' | 'en';

export interface Message {
  ru: string;
  en: string;
}

export class BridgeError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messages: Message;
  readonly extra: Record<string, unknown>;
  readonly expose: boolean;
  readonly headers: Record<string, string>;

  constructor(
    code: string,
    status: number,
    messages: Message,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(messages.en);
    this.name = 'BridgeError';
    this.code = code;
    this.status = status;
    this.messages = messages;
    this.extra = extra;
    this.expose = status < 500;
    this.headers = headers;
  }

  message_for(locale: Locale): string {
    return this.messages[locale];
  }
}

export type ErrorFactory = ((
  extra?: Record<string, unknown>,
  headers?: Record<string, string>,
) => BridgeError) & { readonly code: string; readonly status: number; readonly messages: Message };

function E(code: string, status: number, ru: string, en: string): ErrorFactory {
  const messages = { ru, en };
  const factory = (extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    new BridgeError(code, status, messages, extra, headers);
  return Object.assign(factory, { code, status, messages });
}

// Generic HTTP-level errors.
export const BadRequest = E('bad_request', 400, 'Некорректный запрос.', 'The request is malformed.');
export const ValidationFailed = E(
  'validation_failed',
  400,
  'Запрос не прошёл проверку.',
  'The request did not pass validation.',
);
export const Unauthorized = E(
  'unauthorized',
  401,
  'Нужна аутентификация клиента (HTTP Basic).',
  'Client authentication (HTTP Basic) is required.',
);
export const PermissionDenied = E(
  'permission_denied',
  403,
  'У клиента нет разрешения на это действие.',
  'The client does not have the permission for this action.',
);
export const NotFound = E('not_found', 404, 'Не найдено.', 'Not found.');
export const MethodNotAllowed = E(
  'method_not_allowed',
  405,
  'Этот метод не поддерживается по этому адресу (см. заголовок Allow).',
  'This method is not allowed at this address (see the Allow header).',
);
export const PayloadTooLarge = E(
  'payload_too_large',
  413,
  'Тело запроса слишком большое.',
  'The request body is too large.',
);
export const UriTooLong = E('uri_too_long', 414, 'Адрес запроса слишком длинный.', 'The request URI is too long.');
export const UnsupportedMediaType = E(
  'unsupported_media_type',
  415,
  'Неподдерживаемый тип содержимого.',
  'Unsupported content type.',
);
export const TooManyRequests = E(
  'too_many_requests',
  429,
  'Слишком много запросов, попробуйте позже.',
  'Too many requests, try again later.',
);
export const InternalError = E(
  'internal_error',
  500,
  'Внутренняя ошибка сервиса.',
  'Internal service error.',
);
export const ServiceUnavailable = E(
  'service_unavailable',
  503,
  'Сервис временно недоступен.',
  'The service is temporarily unavailable.',
);

// Login rules.
export const AccountNotVerified = E(
  'account_not_verified',
  403,
  'Ваша учётная запись на Госуслугах должна быть подтверждённой.',
  'Your Gosuslugi account must be confirmed.',
);
export const ParentalConsentRequired = E(
  'parental_consent_required',
  403,
  'Ребёнку до 14 лет нужно согласие родителя. Родителю нужно войти в свой профиль на Госуслугах, ' +
    'дать согласие на обработку данных ребёнка и привязать учётную запись ребёнка к своей.',
  'A child under 14 needs a parent’s consent. The parent should sign in to their own Gosuslugi ' +
    'profile, give consent to processing of the child’s data and link the child’s account to theirs.',
);
export const IncompleteProviderData = E(
  'incomplete_provider_data',
  422,
  'Госуслуги не передали нужные данные (например, дату рождения).',
  'The provider did not return required data (for example, the birth date).',
);
export const NoVerifiedContact = E(
  'no_verified_contact',
  422,
  'Нет подтверждённого телефона или электронной почты, куда можно отправить код.',
  'There is no verified phone or e-mail to send a code to.',
);
export const ConsentDenied = E(
  'consent_denied',
  403,
  'Вы отказались предоставить доступ к данным на Госуслугах.',
  'You declined to share your data at the provider.',
);
export const ProviderUnavailable = E(
  'provider_unavailable',
  502,
  'Госуслуги сейчас недоступны, попробуйте позже.',
  'The identity provider is unavailable, try again later.',
);
export const ProviderError = E(
  'provider_error',
  502,
  'Ответ Госуслуг не прошёл проверку.',
  'The identity provider response failed validation.',
);

// Login lifecycle.
export const LoginNotFound = E('login_not_found', 404, 'Вход не найден.', 'Login not found.');
export const InvalidTransition = E(
  'invalid_transition',
  409,
  'Это действие недоступно на текущем шаге входа.',
  'This action is not available at the current step of the login.',
);
export const LoginExpired = E(
  'login_expired',
  410,
  'Время на вход истекло, начните заново.',
  'The login has expired, start again.',
);
export const InvalidHandoff = E(
  'invalid_handoff',
  403,
  'Неверный или уже использованный код возврата.',
  'The handoff is invalid or already used.',
);
export const ReturnUrlNotAllowed = E(
  'return_url_not_allowed',
  400,
  'Адрес возврата не зарегистрирован для этого клиента.',
  'The return URL is not registered for this client.',
);
export const LoginNotClaimed = E(
  'login_not_claimed',
  409,
  'Вход ещё не подтверждён клиентом (нужен claim с кодом возврата).',
  'The login has not been claimed yet (claim it with the handoff first).',
);
export const LoginConflict = E(
  'login_conflict',
  409,
  'Вход одновременно изменяется другим запросом, повторите попытку.',
  'The login is being changed by another request, try again.',
);
export const ForeignBrowser = E(
  'foreign_browser',
  400,
  'Вход был начат в другом браузере или окне. Вернитесь в приложение и начните вход заново.',
  'The sign-in was started in another browser or window. Return to the application and start again.',
);
export const InvalidState = E(
  'invalid_state',
  400,
  'Ссылка для входа недействительна или уже использована.',
  'The sign-in link is invalid or already used.',
);

// One-time codes.
export const InvalidCode = E('invalid_code', 422, 'Неверный код.', 'The code is wrong.');
export const CodeExpired = E(
  'code_expired',
  422,
  'Срок действия кода истёк, запросите новый.',
  'The code has expired, request a new one.',
);
export const OtpLocked = E(
  'otp_locked',
  403,
  'Слишком много неверных попыток ввода кода.',
  'Too many wrong code attempts.',
);
export const ResendCooldown = E(
  'resend_cooldown',
  429,
  'Новый код можно запросить чуть позже.',
  'A new code can be requested a little later.',
);
export const ResendLimit = E(
  'resend_limit',
  429,
  'Превышено число повторных отправок кода.',
  'The number of code re-sends is exhausted.',
);
export const RateLimited = E(
  'rate_limited',
  429,
  'Слишком много кодов отправлено, попробуйте позже.',
  'Too many codes were sent, try again later.',
);
export const ChannelUnavailable = E(
  'channel_unavailable',
  409,
  'Этот способ доставки кода недоступен.',
  'This delivery channel is not available.',
);

// Profiles.
export const ProfileNotFound = E('profile_not_found', 404, 'Профиль не найден.', 'Profile not found.');
export const CandidateNotOffered = E(
  'candidate_not_offered',
  422,
  'Этот профиль не предлагался для выбора.',
  'This profile was not offered for selection.',
);
export const ContactRequired = E(
  'contact_required',
  400,
  'Нужен телефон или электронная почта.',
  'A phone or an e-mail is required.',
);
export const InvalidEmail = E('invalid_email', 400, 'Некорректный адрес электронной почты.', 'Invalid e-mail address.');
export const LinkNotFound = E('link_not_found', 404, 'Привязка не найдена.', 'Link not found.');
export const InvalidPhone = E('invalid_phone', 400, 'Некорректный номер телефона.', 'Invalid phone number.');
