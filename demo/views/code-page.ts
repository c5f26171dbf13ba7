// Screen 2: "Введите код подтверждения". The field is a plain form that works without
// JavaScript; the script only counts down the wait before a re-send. Errors are in a
// role="alert" paragraph that the field points at.

import type { Login } from '../bridge-api.js';
import { html } from './html.js';
import { form, layout, textsOf, type PageContext } from './layout.js';

export interface CodePageInput {
  otp: NonNullable<Login['otp']>;
  /** An error from the last action (wrong code, cooldown…). */
  problem: string | null;
  /** A confirmation from the last action (a new code was sent). */
  notice: string | null;
  /** Development only: the service's outbox, where a tester reads the code. */
  outboxUrl: string | null;
  now: Date;
}

export function codePage(ctx: PageContext, { otp, problem, notice, outboxUrl, now }: CodePageInput) {
  const t = textsOf(ctx);
  const wait = Math.max(0, Math.ceil((Date.parse(otp.resend_available_at) - now.getTime()) / 1000));
  const sent = otp.channel === 'sms' ? t.codeSentSms(otp.destination) : t.codeSentEmail(otp.destination);
  const failed = otp.delivery === 'failed';
  const describedBy = ['code-hint', 'attempts', ...(problem ? ['code-error'] : [])].join(' ');
  return layout(
    ctx,
    t.codeTitle,
    html`<h1>${t.codeTitle}</h1>
<p>${sent}${otp.delivery === 'pending' ? html` ${t.codePending}` : ''}</p>
${failed ? html`<p class="error" role="alert">${otp.channel === 'sms' ? t.codeFailedSms : t.codeFailedEmail}</p>` : ''}
${problem ? html`<p class="error" role="alert" id="code-error">${problem}</p>` : ''}
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${form(ctx, '/code', html`<label for="code">${t.codeLabel}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus aria-describedby="${describedBy}"${problem ? html` aria-invalid="true"` : ''}>
<p id="code-hint" class="hint">${t.codeHint}</p>
<p id="attempts" class="hint">${t.attemptsLeft(otp.attempts_left)}</p>
<button type="submit" class="primary">${t.codeSubmit}</button>`)}
${otp.resends_left > 0
  ? form(ctx, '/code/resend', html`<p id="resend-wait" class="hint" data-countdown="${wait}"${wait === 0 ? ' hidden' : ''}>${t.resendWaitBefore} <span data-countdown-seconds>${wait}</span> ${t.resendWaitAfter}</p>
<p class="hint" role="status" data-countdown-ready="${t.resendReady}"></p>
<button type="submit" class="secondary" data-countdown-button aria-describedby="resend-wait">${t.resend}</button>`)
  : html`<p class="hint">${t.resendNone}</p>`}
${failed
  ? otp.alternatives.map((a) =>
      form(ctx, '/code/channel', html`<input type="hidden" name="channel" value="${a.channel}">
<button type="submit" class="secondary">${a.channel === 'email' ? t.switchToEmail(a.destination) : t.switchToSms(a.destination)}</button>`))
  : ''}
${outboxUrl ? html`<p class="note dev">${t.devOutboxBefore} <a href="${outboxUrl}" target="_blank" rel="noopener">${t.devOutboxLink}</a>.</p>` : ''}
${form(ctx, '/cancel', html`<button type="submit" class="link">${t.cancel}</button>`)}`,
  );
}
