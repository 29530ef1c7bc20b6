/**
 * The words of the sign-in and admin pages in both languages.
 */

import { textsFor } from '/js/lang.js';

const texts = {
  zh: {
    switchLanguage: 'English',
    signInPageTitle: '登录 · GridPulse', signInTitle: '网格化治理指挥平台 · 登录',
    accountId: '账号', password: '密码', signIn: '登录', signingIn: '正在登录…',
    signInHint: '没有密码？请向管理员索取一次性登录链接；大屏请打开管理员签发的大屏链接。',
    linkInvalid: '登录链接无效、已过期或已使用，请向管理员索取新的链接。',
    displayInvalid: '大屏链接无效或已撤销，请向管理员索取新的大屏链接。',
    missingFields: '请填写账号和密码。', wrongPassword: '账号或密码不正确。', signInLocked: '密码错误次数过多，该账号已被暂时锁定：请 {minutes} 分钟后再试，或请管理员解锁。', networkFailed: '无法连接服务器，请稍后重试。', failedStatus: '请求失败（{status}）。',
    adminPageTitle: '账号管理 · GridPulse', adminTitle: '账号管理', openWall: '大屏', openOrleans: 'Orleans 仪表盘', signOut: '退出登录', signedInAs: '当前：{name}（{id}）',
    issuedTitle: '新凭据（只显示这一次，请立即复制）', copy: '复制', copied: '已复制', close: '关闭',
    issuedToken: '{id} 的令牌（Authorization: Bearer …）', issuedDisplayLink: '{id} 的大屏链接', issuedSignInLink: '{id} 的一次性登录链接（24 小时内有效）',
    issuedReportLink: '{id} 的手机上报页链接',
    openOnboarding: '批量签发', openWalls: '大屏运维', onboardingPageTitle: '批量签发 · GridPulse', onboardingTitle: '批量签发上报链接',
    onboardingIssueTitle: '为单位下全部网格员签发新链接', onboardingUnit: '单位', onboardingIssue: '签发并生成打印单', onboardingIssuing: '正在签发…', onboardingPrint: '打印',
    onboardingDisplays: '同时重新签发该单位下大屏的链接（正在运行的大屏将断开，需用新链接重新打开）',
    onboardingSummary: '{unit}共有 {count} 名网格员。签发后，他们原来的上报链接立即失效。',
    onboardingConfirm: '将为{unit}的 {count} 名网格员签发新链接，原来的链接将立即失效{displays}。确定签发？', onboardingConfirmDisplays: '，大屏也将断开',
    onboardingSheetTitle: '{unit} · 网格员手机上报链接', onboardingSheetNote: '签发于 {at} · 网格员 {workers} 人 · 大屏 {displays} 块 · 已撤销旧链接 {revoked} 个 · 链接等同于密码，请当面发放，妥善保管',
    onboardingDisplaysTitle: '大屏链接', onboardingNumber: '工号 {id}', onboardingScanWorker: '用手机扫码，打开上报页', onboardingScanDisplay: '在大屏的浏览器中打开此链接',
    accountsTitle: '账号', columnId: '账号', columnName: '名称', columnRole: '角色', columnUnit: '单位 / 网格', columnPassword: '密码', columnActions: '操作',
    hasPassword: '已设置', noPassword: '—',
    issueToken: '签发令牌', issueDisplayLink: '大屏链接', issueSignInLink: '登录链接', showCredentials: '凭据', unlockSignIn: '解除登录锁定', signInUnlocked: '已解除账号 {id} 的登录锁定。',
    credentialsOf: '{id} 的凭据', columnKind: '类型', columnLabel: '备注', columnCreated: '签发时间', columnExpires: '到期', columnState: '状态',
    kindToken: '令牌', kindDisplayLink: '大屏链接', kindSignInLink: '登录链接', kindSession: '登录会话',
    never: '不过期', active: '有效', revoked: '已撤销', expired: '已过期', revoke: '撤销', noCredentials: '还没有凭据',
    confirmRevoke: '撤销后，使用该凭据的设备和大屏将立即断开。确定撤销？',
    createTitle: '新建账号', role: '角色', roleAdmin: '管理员', roleLeader: '领导', roleWorker: '网格员', roleDisplay: '大屏',
    name: '名称', accountIdOptional: '账号（可选，留空自动生成）', unitId: '单位编号', workerId: '网格员编号',
    passwordOptional: '密码（可选，至少 8 位）', create: '创建', created: '已创建账号 {id}',
    ownPasswordTitle: '修改我的密码', newPassword: '新密码（至少 8 位）', savePassword: '保存密码', passwordSaved: '密码已保存',
  },
  en: {
    switchLanguage: '中文',
    signInPageTitle: 'Sign in · GridPulse', signInTitle: 'Grid governance command center · Sign in',
    accountId: 'Account', password: 'Password', signIn: 'Sign in', signingIn: 'Signing in…',
    signInHint: 'No password? Ask an administrator for a one-time sign-in link; wall displays open the display link they were given.',
    linkInvalid: 'This sign-in link is invalid, expired or already used. Ask an administrator for a new one.',
    displayInvalid: 'This display link is invalid or revoked. Ask an administrator for a new one.',
    missingFields: 'Enter your account and password.', wrongPassword: 'Wrong account or password.', signInLocked: 'Too many wrong passwords: this account is locked for now. Try again in {minutes} minutes, or ask an administrator to unlock it.', networkFailed: 'Cannot reach the server; try again shortly.', failedStatus: 'Request failed ({status}).',
    adminPageTitle: 'Accounts · GridPulse', adminTitle: 'Accounts', openWall: 'Wall', openOrleans: 'Orleans dashboard', signOut: 'Sign out', signedInAs: 'Signed in: {name} ({id})',
    issuedTitle: 'New credential (shown only this once: copy it now)', copy: 'Copy', copied: 'Copied', close: 'Close',
    issuedToken: 'Token of {id} (Authorization: Bearer …)', issuedDisplayLink: 'Display link of {id}', issuedSignInLink: 'One-time sign-in link of {id} (24 hours)',
    issuedReportLink: 'Reporting page link of {id}',
    openOnboarding: 'Links in bulk', openWalls: 'Wall operations', onboardingPageTitle: 'Links in bulk · GridPulse', onboardingTitle: 'Reporting links in bulk',
    onboardingIssueTitle: 'Issue new links to every grid worker of a unit', onboardingUnit: 'Unit', onboardingIssue: 'Issue and make the print sheet', onboardingIssuing: 'Issuing…', onboardingPrint: 'Print',
    onboardingDisplays: 'Also issue new links to the unit\'s wall displays (running walls disconnect and must be opened with their new link)',
    onboardingSummary: '{unit} has {count} grid workers. Once issued, their old reporting links stop working.',
    onboardingConfirm: 'Issue new links to the {count} grid workers of {unit}? Their old links stop working at once{displays}.', onboardingConfirmDisplays: ', and the walls disconnect',
    onboardingSheetTitle: '{unit} · grid workers\' reporting links', onboardingSheetNote: 'Issued {at} · {workers} workers · {displays} displays · {revoked} old links revoked · a link is as good as a password: hand it over in person',
    onboardingDisplaysTitle: 'Wall display links', onboardingNumber: 'No. {id}', onboardingScanWorker: 'Scan with the phone to open the reporting page', onboardingScanDisplay: 'Open this link in the wall\'s browser',
    accountsTitle: 'Accounts', columnId: 'Account', columnName: 'Name', columnRole: 'Role', columnUnit: 'Unit / grid', columnPassword: 'Password', columnActions: 'Actions',
    hasPassword: 'set', noPassword: '—',
    issueToken: 'Token', issueDisplayLink: 'Display link', issueSignInLink: 'Sign-in link', showCredentials: 'Credentials', unlockSignIn: 'Unlock sign-in', signInUnlocked: 'Sign-in of account {id} unlocked.',
    credentialsOf: 'Credentials of {id}', columnKind: 'Kind', columnLabel: 'Label', columnCreated: 'Issued', columnExpires: 'Expires', columnState: 'State',
    kindToken: 'Token', kindDisplayLink: 'Display link', kindSignInLink: 'Sign-in link', kindSession: 'Session',
    never: 'never', active: 'active', revoked: 'revoked', expired: 'expired', revoke: 'Revoke', noCredentials: 'No credentials yet',
    confirmRevoke: 'Devices and walls using this credential disconnect at once. Revoke it?',
    createTitle: 'New account', role: 'Role', roleAdmin: 'Administrator', roleLeader: 'Leader', roleWorker: 'Grid worker', roleDisplay: 'Wall display',
    name: 'Name', accountIdOptional: 'Account id (optional, generated when empty)', unitId: 'Unit id', workerId: 'Worker id',
    passwordOptional: 'Password (optional, at least 8 characters)', create: 'Create', created: 'Account {id} created',
    ownPasswordTitle: 'Change my password', newPassword: 'New password (at least 8 characters)', savePassword: 'Save password', passwordSaved: 'Password saved',
  },
};

/** The texts of the current language. */
export const text = textsFor(texts);

/** A text with `{name}` placeholders filled in: `format('created', { id })`. */
export function format(key, values) {
  return text[key].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

/**
 * The message to show for a failed answer: the problem document's detail when there is one.
 * @param {Response} response
 */
export async function problemText(response) {
  try {
    const problem = await response.json();
    if (problem && typeof problem.detail === 'string' && problem.detail) {
      return problem.detail;
    }
  } catch {
    // Not a problem document: say the status.
  }
  return format('failedStatus', { status: response.status });
}
