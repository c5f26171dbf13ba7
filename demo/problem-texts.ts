// What the person reads when sign-in cannot go on, keyed by the service's error
// `code` (and a few of the demo's own): a title, what to do next, and which button
// helps. Every screen says what the person can do; none shows a bare code.

import type { Locale } from './texts.js';

/** restart: start the login again; retry: repeat the same step; home: go to the start page. */
export type ProblemAction = 'restart' | 'retry' | 'home';

export interface ProblemText {
  title: string;
  /** Paragraphs; a list of steps when `steps` is set. */
  lead: string;
  steps?: string[];
  after?: string;
  action: ProblemAction;
}

type Catalogue = Record<string, ProblemText>;

const ru: Catalogue = {
  account_not_verified: {
    title: 'Учётная запись на Госуслугах не подтверждена',
    lead: 'Войти можно только с подтверждённой учётной записью Госуслуг. Подтвердите её одним из способов:',
    steps: ['в онлайн-банке, где вы клиент;', 'в центре обслуживания с паспортом и СНИЛС;', 'электронной подписью.'],
    after: 'Когда учётная запись станет подтверждённой, снова нажмите «Войти через Госуслуги».',
    action: 'restart',
  },
  parental_consent_required: {
    title: 'Нужно согласие родителя',
    lead: 'Детям до 14 лет войти можно только с согласия родителя. Родителю нужно:',
    steps: [
      'войти в свой профиль на Госуслугах;',
      'в разделе «Дети» привязать учётную запись ребёнка к своей;',
      'дать согласие на обработку данных ребёнка.',
    ],
    after: 'После этого ребёнок снова нажимает «Войти через Госуслуги». С 14 лет согласие родителя не нужно: подросток подтверждает вход сам.',
    action: 'restart',
  },
  consent_denied: {
    title: 'Вы не разрешили доступ к данным',
    lead: 'Без доступа к вашим данным на Госуслугах войти нельзя. Нажмите «Войти через Госуслуги» ещё раз и на странице Госуслуг выберите «Разрешить».',
    action: 'restart',
  },
  no_verified_contact: {
    title: 'Нет подтверждённого телефона или почты',
    lead: 'Код для входа отправляется только на подтверждённый телефон или адрес почты. Подтвердите номер телефона или почту в профиле на Госуслугах и начните вход заново.',
    action: 'restart',
  },
  incomplete_provider_data: {
    title: 'Госуслуги передали не все данные',
    lead: 'Проверьте, что в профиле на Госуслугах заполнены фамилия, имя, дата рождения и пол, и начните вход заново.',
    action: 'restart',
  },
  otp_locked: {
    title: 'Слишком много неверных попыток',
    lead: 'Этот код больше не принимается. Начните вход заново — мы отправим новый код.',
    action: 'restart',
  },
  login_expired: {
    title: 'Время на вход истекло',
    lead: 'Вход нужно завершить за несколько минут. Начните вход заново.',
    action: 'restart',
  },
  provider_unavailable: {
    title: 'Госуслуги сейчас недоступны',
    lead: 'Попробуйте войти через несколько минут.',
    action: 'restart',
  },
  service_unavailable: {
    title: 'Сервис входа временно недоступен',
    lead: 'Подождите минуту и повторите — уже сделанные шаги не потеряются.',
    action: 'retry',
  },
  cancelled: {
    title: 'Вход отменён',
    lead: 'Чтобы войти, начните заново.',
    action: 'restart',
  },
  foreign_login: {
    title: 'Вход начат в другом окне',
    lead: 'Эта ссылка возврата относится ко входу, начатому в другом окне или браузере, поэтому здесь она не принимается. Начните вход заново в этом окне.',
    action: 'restart',
  },
  invalid_handoff: {
    title: 'Ссылка возврата устарела',
    lead: 'Она уже использована или недействительна. Начните вход заново.',
    action: 'restart',
  },
  no_login: {
    title: 'Вход не найден',
    lead: 'Возможно, страница открыта слишком давно или в другом браузере. Начните вход заново.',
    action: 'restart',
  },
  assertion_invalid: {
    title: 'Не удалось проверить результат входа',
    lead: 'Подпись результата не прошла проверку, поэтому вход не выполнен. Начните вход заново; если ошибка повторится, напишите в поддержку.',
    action: 'restart',
  },
  csrf: {
    title: 'Страница устарела',
    lead: 'Форма отправлена со старой или чужой страницы. Откройте страницу заново и повторите действие.',
    action: 'home',
  },
  not_found: {
    title: 'Страница не найдена',
    lead: 'Перейдите на главную страницу.',
    action: 'home',
  },
  unknown: {
    title: 'Не удалось войти',
    lead: 'Начните вход заново. Если ошибка повторится, попробуйте позже.',
    action: 'restart',
  },
};

const en: Catalogue = {
  account_not_verified: {
    title: 'Your Gosuslugi account is not confirmed',
    lead: 'Only a confirmed Gosuslugi account can sign in. Confirm yours in one of these ways:',
    steps: ['in the online bank you use;', 'at a service centre, with your passport and SNILS;', 'with an electronic signature.'],
    after: 'Once the account is confirmed, press “Sign in with Gosuslugi” again.',
    action: 'restart',
  },
  parental_consent_required: {
    title: 'A parent’s consent is needed',
    lead: 'Children under 14 can sign in only with a parent’s consent. The parent should:',
    steps: [
      'sign in to their own Gosuslugi profile;',
      'link the child’s account to theirs under “Children”;',
      'give consent to processing of the child’s data.',
    ],
    after: 'Then the child presses “Sign in with Gosuslugi” again. From 14 on no consent is needed: a teenager confirms the sign-in alone.',
    action: 'restart',
  },
  consent_denied: {
    title: 'You did not allow access to your data',
    lead: 'Signing in needs access to your Gosuslugi data. Press “Sign in with Gosuslugi” again and choose “Allow” on the Gosuslugi page.',
    action: 'restart',
  },
  no_verified_contact: {
    title: 'No confirmed phone or e-mail',
    lead: 'The sign-in code goes only to a confirmed phone or e-mail. Confirm your phone number or e-mail in your Gosuslugi profile and start again.',
    action: 'restart',
  },
  incomplete_provider_data: {
    title: 'Gosuslugi did not send all the data',
    lead: 'Check that your Gosuslugi profile has your names, date of birth and sex, and start again.',
    action: 'restart',
  },
  otp_locked: {
    title: 'Too many wrong attempts',
    lead: 'This code is no longer accepted. Start again and we will send a new code.',
    action: 'restart',
  },
  login_expired: {
    title: 'The time to sign in has run out',
    lead: 'Signing in has to be finished within a few minutes. Start again.',
    action: 'restart',
  },
  provider_unavailable: {
    title: 'Gosuslugi is not available now',
    lead: 'Try to sign in again in a few minutes.',
    action: 'restart',
  },
  service_unavailable: {
    title: 'The sign-in service is temporarily unavailable',
    lead: 'Wait a minute and try again — the steps you took are kept.',
    action: 'retry',
  },
  cancelled: {
    title: 'Sign-in cancelled',
    lead: 'To sign in, start again.',
    action: 'restart',
  },
  foreign_login: {
    title: 'The sign-in was started in another window',
    lead: 'This return link belongs to a sign-in started in another window or browser, so it is not accepted here. Start again in this window.',
    action: 'restart',
  },
  invalid_handoff: {
    title: 'The return link has expired',
    lead: 'It was already used or is not valid. Start again.',
    action: 'restart',
  },
  no_login: {
    title: 'No sign-in in progress',
    lead: 'The page may have been open too long or in another browser. Start again.',
    action: 'restart',
  },
  assertion_invalid: {
    title: 'The sign-in result could not be verified',
    lead: 'Its signature did not pass the check, so you are not signed in. Start again; if it happens again, contact support.',
    action: 'restart',
  },
  csrf: {
    title: 'This page is out of date',
    lead: 'The form was sent from an old or foreign page. Open the page again and repeat.',
    action: 'home',
  },
  not_found: {
    title: 'Page not found',
    lead: 'Go to the start page.',
    action: 'home',
  },
  unknown: {
    title: 'Signing in failed',
    lead: 'Start again. If it happens again, try later.',
    action: 'restart',
  },
};

// Codes that read the same as another one.
const ALIASES: Record<string, string> = {
  expired: 'login_expired',
  provider_error: 'provider_unavailable',
  provider_response_invalid: 'provider_unavailable',
  service_unreachable: 'service_unavailable',
  internal_error: 'service_unavailable',
  login_not_found: 'no_login',
};

const CATALOGUES: Record<Locale, Catalogue> = { ru, en };

export function problemText(code: string, locale: Locale): ProblemText {
  const catalogue = CATALOGUES[locale];
  return catalogue[ALIASES[code] ?? code] ?? (catalogue.unknown as ProblemText);
}

const INLINE: Record<Locale, Record<string, (d: InlineDetail) => string>> = {
  ru: {
    invalid_code: (d) => `Неверный код.${d.attemptsLeft == null ? '' : ` Осталось попыток: ${d.attemptsLeft}.`}`,
    code_format: () => 'Введите код из 6 цифр.',
    code_expired: () => 'Срок действия кода истёк. Нажмите «Отправить код ещё раз».',
    resend_cooldown: (d) => (d.retryAfter == null ? 'Новый код можно запросить чуть позже.' : `Новый код можно запросить через ${d.retryAfter} с.`),
    resend_limit: () => 'Больше кодов отправить нельзя. Введите последний полученный код или начните вход заново.',
    send_limit: (d) =>
      d.retryAfter == null ? 'Слишком много кодов отправлено. Попробуйте позже.' : `Слишком много кодов отправлено. Попробуйте через ${minutes(d.retryAfter)} мин.`,
    channel_unavailable: () => 'Этот способ отправки кода сейчас недоступен. Введите код, который уже пришёл, или начните вход заново.',
    candidate_not_offered: () => 'Этот профиль не предлагался. Выберите профиль из списка.',
  },
  en: {
    invalid_code: (d) => `Wrong code.${d.attemptsLeft == null ? '' : ` Attempts left: ${d.attemptsLeft}.`}`,
    code_format: () => 'Enter the 6-digit code.',
    code_expired: () => 'The code has expired. Press “Send the code again”.',
    resend_cooldown: (d) => (d.retryAfter == null ? 'You can ask for a new code a little later.' : `You can ask for a new code in ${d.retryAfter} s.`),
    resend_limit: () => 'No more codes can be sent. Enter the last code you received or start again.',
    send_limit: (d) => (d.retryAfter == null ? 'Too many codes were sent. Try later.' : `Too many codes were sent. Try in ${minutes(d.retryAfter)} min.`),
    channel_unavailable: () => 'This way of sending the code is not available now. Enter a code you already have, or start again.',
    candidate_not_offered: () => 'This profile was not offered. Choose one from the list.',
  },
};
const INLINE_ALIASES: Record<string, string> = { rate_limited: 'send_limit', too_many_requests: 'send_limit' };

export interface InlineDetail {
  attemptsLeft?: number | null;
  retryAfter?: number | null;
}

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** Problems that are told on the same screen (the person can fix them there). */
export function hasInlineProblem(code: string): boolean {
  return (INLINE_ALIASES[code] ?? code) in INLINE.ru;
}

/** The short message shown above a step's form, announced to screen readers. */
export function inlineProblem(code: string, locale: Locale, detail: InlineDetail): string | null {
  return INLINE[locale][INLINE_ALIASES[code] ?? code]?.(detail) ?? null;
}
