// What the demo keeps in its own session (server side; the browser holds only an
// HttpOnly cookie with the session id): the language, the one login this browser
// started, a one-shot message for the next page, and who is signed in.

import type { FastifyRequest } from 'fastify';
import type { AssertionClaims } from './assertion.js';
import type { Locale } from './texts.js';

export interface BoundLogin {
  id: string;
  /** Sent as client_state when the login started; the service echoes it back. */
  clientState: string;
  /** True once the handoff was redeemed with POST …/claim. */
  claimed: boolean;
}

export interface Flash {
  problem?: { code: string; attemptsLeft: number | null; retryAfter: number | null };
  notice?: 'code_sent';
}

export interface SignedIn {
  created: boolean;
  claims: AssertionClaims;
}

declare module 'fastify' {
  interface Session {
    locale?: Locale;
    login?: BoundLogin;
    flash?: Flash;
    signedIn?: SignedIn;
  }
}

export const localeOf = (request: FastifyRequest): Locale => request.session.locale ?? 'ru';

/** The message left by the previous action, removed as it is read. */
export function takeFlash(request: FastifyRequest): Flash {
  const flash = request.session.flash ?? {};
  request.session.flash = undefined;
  return flash;
}
