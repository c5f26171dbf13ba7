// The page frame: language, title, a skip link, the language switch and the single
// stylesheet and script. No external assets; the script only enhances (the countdown).

import { TEXTS, type Locale, type Texts } from '../texts.js';
import { html, type Html } from './html.js';

/** What every page needs to render: the language, a CSRF token for its forms, where it is. */
export interface PageContext {
  locale: Locale;
  csrf: string;
  /** The path the language switch returns to. */
  path: string;
}

export const textsOf = (ctx: PageContext): Texts => TEXTS[ctx.locale];

/** A POST form carrying the CSRF token. */
export function form(ctx: PageContext, action: string, content: Html, className = ''): Html {
  return html`<form method="post" action="${action}"${className ? html` class="${className}"` : ''}>
<input type="hidden" name="_csrf" value="${ctx.csrf}">
${content}
</form>`;
}

export function layout(ctx: PageContext, title: string, main: Html): Html {
  const t = textsOf(ctx);
  return html`<!DOCTYPE html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${t.siteName}</title>
<link rel="stylesheet" href="/assets/demo.css">
<script src="/assets/countdown.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
<header class="top">
<span class="brand">${t.siteName}</span>
${form(ctx, '/lang', html`<input type="hidden" name="back" value="${ctx.path}">
<button type="submit" name="lang" value="${t.switchToLang}" lang="${t.switchToLang}" class="link">${t.switchTo}</button>`, 'lang')}
</header>
<main id="main" tabindex="-1">
${main}
</main>
<footer class="foot">${t.demoBadge}</footer>
</body>
</html>
`;
}
