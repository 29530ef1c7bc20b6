/**
 * The admin page (`/admin`): lists the accounts, creates them, issues tokens, display links and sign-in links
 * (shown once), lists and revokes an account's credentials, and sets the signed-in administrator's password.
 * Every call goes to the admin API with the page's cookie.
 */

import { applyTexts, language, locale, withLanguage } from '/js/lang.js';
import { call } from '/js/account/api.js';
import { format, problemText, text } from '/js/account/texts.js';

const roleText = { admin: 'roleAdmin', leader: 'roleLeader', worker: 'roleWorker', display: 'roleDisplay' };
const kindText = { token: 'kindToken', 'display-link': 'kindDisplayLink', 'sign-in-link': 'kindSignInLink', session: 'kindSession' };
const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });

let me = null;
let shownAccount = null;

start();

async function start() {
  applyTexts(text);
  document.title = text.adminPageTitle;
  document.querySelector('#language-switch').href = language === 'en' ? '/admin' : '/admin?lang=en';
  document.querySelector('#wall-link').href = withLanguage('/');
  document.querySelector('#onboarding-link').href = withLanguage('/onboarding');
  document.querySelector('#walls-link').href = withLanguage('/walls');
  document.querySelector('#signout').addEventListener('click', signOut);
  document.querySelector('#issued-copy').addEventListener('click', copyIssued);
  document.querySelector('#issued-close').addEventListener('click', () => { document.querySelector('#issued').hidden = true; });
  document.querySelector('#create-role').addEventListener('change', showRoleFields);
  document.querySelector('#create-form').addEventListener('submit', createAccount);
  document.querySelector('#password-form').addEventListener('submit', savePassword);
  showRoleFields();
  showOrleansLink();
  const answer = await call('GET', '/api/me');
  if (answer.ok) {
    me = await answer.json();
    document.querySelector('#me').textContent = format('signedInAs', me);
  }
  await loadAccounts();
}

async function loadAccounts() {
  const message = document.querySelector('#accounts-message');
  const response = await call('GET', '/api/accounts');
  if (!response.ok) {
    showMessage(message, await problemText(response));
    return;
  }
  message.hidden = true;
  const body = document.querySelector('#accounts-body');
  body.replaceChildren(...(await response.json()).map(accountRow));
}

function accountRow(account) {
  const row = document.createElement('tr');
  row.append(
    cell(account.id, 'mono'),
    cell(account.name),
    cell(text[roleText[account.role]] ?? account.role),
    cell([account.unitId, account.workerId].filter(Boolean).join(' / ') || '—', 'mono'),
    cell(account.hasPassword ? text.hasPassword : text.noPassword));
  const actions = document.createElement('td');
  actions.className = 'actions';
  actions.append(button(text.issueToken, () => issue(account, 'tokens')));
  if (account.role === 'display') {
    actions.append(button(text.issueDisplayLink, () => issue(account, 'display-links')));
  } else if (account.role !== 'worker') {
    actions.append(button(text.issueSignInLink, () => issue(account, 'sign-in-links')));
  }
  actions.append(button(text.showCredentials, () => showCredentials(account.id)));
  if (account.hasPassword) {
    actions.append(button(text.unlockSignIn, () => unlockSignIn(account)));
  }
  row.append(actions);
  return row;
}

async function issue(account, what) {
  const response = await call('POST', `/api/accounts/${encodeURIComponent(account.id)}/${what}`, {});
  if (!response.ok) {
    showMessage(document.querySelector('#accounts-message'), await problemText(response));
    return;
  }
  const issued = await response.json();
  let secret = issued.url ?? issued.secret;
  let description = { tokens: 'issuedToken', 'display-links': 'issuedDisplayLink', 'sign-in-links': 'issuedSignInLink' }[what];
  if (what === 'tokens' && account.role === 'worker') {
    // A worker's token goes to their phone as the reporting page's address.
    secret = `${location.origin}/report#token=${issued.secret}`;
    description = 'issuedReportLink';
  }
  document.querySelector('#issued-what').textContent = format(description, { id: account.id });
  document.querySelector('#issued-secret').value = secret;
  document.querySelector('#issued-copy').textContent = text.copy;
  document.querySelector('#issued').hidden = false;
  document.querySelector('#issued-secret').select();
  if (shownAccount === account.id) {
    await showCredentials(account.id);
  }
}

async function copyIssued() {
  const field = document.querySelector('#issued-secret');
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    document.querySelector('#issued-copy').textContent = text.copied;
  } catch {
    // Without clipboard access the selected text is there to copy by hand.
  }
}

async function showCredentials(accountId) {
  shownAccount = accountId;
  const section = document.querySelector('#credentials');
  const message = document.querySelector('#credentials-message');
  document.querySelector('#credentials-heading').textContent = format('credentialsOf', { id: accountId });
  section.hidden = false;
  const response = await call('GET', `/api/accounts/${encodeURIComponent(accountId)}`);
  if (!response.ok) {
    showMessage(message, await problemText(response));
    return;
  }
  message.hidden = true;
  const { credentials } = await response.json();
  const body = document.querySelector('#credentials-body');
  if (credentials.length === 0) {
    const row = document.createElement('tr');
    const empty = cell(text.noCredentials, 'empty');
    empty.colSpan = 6;
    row.append(empty);
    body.replaceChildren(row);
    return;
  }
  body.replaceChildren(...credentials.map(credentialRow));
}

function credentialRow(credential) {
  const row = document.createElement('tr');
  const state = credential.revokedAt ? 'revoked'
    : credential.expiresAt && new Date(credential.expiresAt) <= new Date() ? 'expired' : 'active';
  row.dataset.state = state;
  row.append(
    cell(text[kindText[credential.kind]] ?? credential.kind),
    cell(credential.label ?? '—'),
    cell(dateTime.format(new Date(credential.createdAt))),
    cell(credential.expiresAt ? dateTime.format(new Date(credential.expiresAt)) : text.never),
    cell(text[state], `state ${state}`));
  const actions = document.createElement('td');
  actions.className = 'actions';
  if (state === 'active') {
    actions.append(button(text.revoke, () => revoke(credential), 'danger'));
  }
  row.append(actions);
  return row;
}

/** The link to the Orleans dashboard, shown only where the server runs it (Orleans' diagnostics on). */
async function showOrleansLink() {
  try {
    const response = await fetch('/admin/orleans/version', { credentials: 'same-origin' });
    document.querySelector('#orleans-link').hidden = !response.ok;
  } catch {
    // No dashboard to link to.
  }
}

/** Lifts the lock that wrong passwords put on an account's sign-in. */
async function unlockSignIn(account) {
  const message = document.querySelector('#accounts-message');
  const response = await call('DELETE', `/api/accounts/${encodeURIComponent(account.id)}/lockout`);
  if (response.ok) {
    showMessage(message, format('signInUnlocked', { id: account.id }), 'good');
  } else {
    showMessage(message, await problemText(response));
  }
}

async function revoke(credential) {
  if (!confirm(text.confirmRevoke)) {
    return;
  }
  const response = await call('DELETE', `/api/credentials/${encodeURIComponent(credential.id)}`);
  if (!response.ok) {
    showMessage(document.querySelector('#credentials-message'), await problemText(response));
    return;
  }
  await showCredentials(credential.accountId);
}

function showRoleFields() {
  const role = document.querySelector('#create-role').value;
  document.querySelector('#create-unit-field').hidden = role === 'admin' || role === 'worker';
  document.querySelector('#create-worker-field').hidden = role !== 'worker';
}

async function createAccount(event) {
  event.preventDefault();
  const form = event.target;
  const message = document.querySelector('#create-message');
  const role = form.elements.role.value;
  const body = { name: form.elements.name.value.trim(), role };
  const optional = { id: form.elements.id.value.trim(), password: form.elements.password.value };
  if (role === 'leader' || role === 'display') {
    optional.unitId = form.elements.unitId.value.trim();
  }
  if (role === 'worker') {
    optional.workerId = form.elements.workerId.value.trim();
  }
  for (const [name, value] of Object.entries(optional)) {
    if (value) {
      body[name] = value;
    }
  }
  const response = await call('POST', '/api/accounts', body);
  if (!response.ok) {
    showMessage(message, await problemText(response));
    return;
  }
  const account = await response.json();
  showMessage(message, format('created', { id: account.id }), 'good');
  form.reset();
  showRoleFields();
  await loadAccounts();
}

async function savePassword(event) {
  event.preventDefault();
  const message = document.querySelector('#password-message');
  if (!me) {
    return;
  }
  const response = await call('POST', `/api/accounts/${encodeURIComponent(me.id)}/password`, { password: event.target.elements.password.value });
  if (!response.ok) {
    showMessage(message, await problemText(response));
    return;
  }
  event.target.reset();
  showMessage(message, text.passwordSaved, 'good');
  await loadAccounts();
}

async function signOut() {
  await call('POST', '/signout');
  location.assign(withLanguage('/signin'));
}

function cell(value, className) {
  const element = document.createElement('td');
  element.textContent = value;
  if (className) {
    element.className = className;
  }
  return element;
}

function button(label, onClick, variant = 'secondary') {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = `button small ${variant}`;
  element.textContent = label;
  element.addEventListener('click', onClick);
  return element;
}

function showMessage(element, value, tone = 'bad') {
  element.textContent = value;
  element.dataset.tone = tone;
  element.hidden = false;
}
