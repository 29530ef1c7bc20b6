/**
 * The sign-in page (`/signin`): an account and password posted as a form with the antiforgery token fetched
 * first; a link that did not work says so (`?error=link` or `?error=display`).
 */

import { applyTexts, language, withLanguage } from '/js/lang.js';
import { format, problemText, text } from '/js/account/texts.js';

const form = document.querySelector('#signin-form');
const message = document.querySelector('#signin-message');
const submit = document.querySelector('#signin-submit');
const parameters = new URLSearchParams(location.search);
let antiforgery = null;

start();

function start() {
  applyTexts(text);
  document.title = text.signInPageTitle;
  const switcher = document.querySelector('#language-switch');
  const other = new URL(location.href);
  if (language === 'en') {
    other.searchParams.delete('lang');
  } else {
    other.searchParams.set('lang', 'en');
  }
  switcher.href = other.pathname + other.search;
  const error = parameters.get('error');
  if (error === 'link' || error === 'display') {
    const notice = document.querySelector('#signin-notice');
    notice.textContent = error === 'link' ? text.linkInvalid : text.displayInvalid;
    notice.hidden = false;
  }
  form.addEventListener('submit', onSubmit);
  antiforgery = fetchAntiforgery();
}

async function onSubmit(event) {
  event.preventDefault();
  const id = form.elements.id.value.trim();
  const password = form.elements.password.value;
  if (!id || !password) {
    show(text.missingFields);
    return;
  }
  submit.disabled = true;
  submit.textContent = text.signingIn;
  try {
    const token = await antiforgery;
    if (!token) {
      show(text.networkFailed);
      antiforgery = fetchAntiforgery();
      return;
    }
    const body = new URLSearchParams({ id, password, returnUrl: parameters.get('returnUrl') ?? '' });
    const response = await fetch('/signin', {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { [token.headerName]: token.token },
    });
    if (response.ok) {
      const answer = await response.json();
      location.assign(withLanguage(answer.location));
      return;
    }
    if (response.status === 429) {
      // Locked after too many wrong passwords: said in the page's language, with how long from Retry-After.
      const seconds = Number(response.headers.get('Retry-After')) || 60;
      show(format('signInLocked', { minutes: Math.ceil(seconds / 60) }));
    } else if (response.status === 401) {
      show(text.wrongPassword);
    } else {
      show(await problemText(response));
    }
    // A refused token is renewed, so the next try carries a fresh one.
    antiforgery = fetchAntiforgery();
  } catch {
    show(text.networkFailed);
  } finally {
    submit.disabled = false;
    submit.textContent = text.signIn;
  }
}

/** The antiforgery token and its header name, or null when the server cannot be reached. */
async function fetchAntiforgery() {
  try {
    const response = await fetch('/api/antiforgery', { credentials: 'same-origin', cache: 'no-store' });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

function show(value) {
  message.textContent = value;
  message.hidden = false;
}
