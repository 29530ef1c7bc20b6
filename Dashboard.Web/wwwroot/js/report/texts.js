/**
 * The words of the grid worker's page in both languages. Category values are what the server stores
 * (Chinese in both languages); only their labels change.
 */

import { textsFor } from '/js/lang.js';

const texts = {
  zh: {
    pageTitle: '网格员上报 · GridPulse', title: '网格员上报', switchLanguage: 'English',
    online: '在线', offline: '离线',
    identityHeading: '我是',
    identityChecking: '正在向服务器确认身份……（需要联网）',
    tokenMissing: '本页需用管理员发给你的上报链接打开（链接形如 …/report#token=…）。请向管理员索取。',
    tokenRefused: '上报链接已失效（已被撤销或过期）。已填的记录保存在手机上，用管理员发来的新链接打开本页后会自动发送。',
    notAWorker: '这个链接不属于网格员账号，不能用于上报。请向管理员索取网格员的上报链接。',
    dutyHeading: '我的状态', onDuty: '在岗', patrolling: '巡查中', offDuty: '离岗',
    recordHeading: '上报', visit: '走访', training: '培训', event: '活动', case: '事件', status: '状态',
    households: '入户数', participants: '参与人数', categoryOptional: '类别（可选）', categoryRequired: '类别',
    noCategory: '不分类', caseTitle: '标题', description: '描述（可选）', note: '备注（可选）',
    submitVisit: '提交走访', submitTraining: '提交培训', submitEvent: '提交活动', submitCase: '上报事件',
    householdsInvalid: '入户数必须是 1 到 99999 的整数。', participantsInvalid: '参与人数必须是 0 到 99999 的整数。',
    categoryMissing: '请选择事件类别。', titleMissing: '请填写事件标题。', titleTooLong: '标题不能超过 100 个字。',
    descriptionTooLong: '描述不能超过 2000 个字。', noteTooLong: '备注不能超过 500 个字。',
    outboxFull: '待发送的记录已有 {max} 条，手机上放不下更多了。请联网发送后再提交。',
    storageFailed: '无法保存到手机存储（可能已满或被禁用），这条记录没有提交。',
    saved: '已保存，编号 {id}', savedPending: '等待发送', savedSent: '已发送', savedDuplicate: '已发送（服务器已有）', savedFailed: '被退回',
    pendingHeading: '待发送', failedHeading: '被退回（不会重发）', sentHeading: '最近已发送',
    pendingEmpty: '没有待发送的记录', pendingMore: '……还有 {n} 条', sentEmpty: '还没有发送过记录',
    households_n: '{n} 户', participants_n: '{n} 人',
    created: '记录于 {time}', sentAt: '发送于 {time}', accepted: '已接收', duplicate: '重复，已接收过',
    attempts: '已尝试 {n} 次：{reason}', dismiss: '删除',
    lastSent: '上次发送成功 {time}', lastRetry: '发送失败（{reason}），{s} 秒后重试', lastRetryNow: '发送失败（{reason}），正在重试',
    lastRefused: '上次发送被服务器退回 {time}',
    reasonNetwork: '无法连接服务器', reasonTimeout: '请求超时', reasonStatus: '服务器返回 {status}', reasonUnauthorized: '上报链接已失效',
    refusedStatus: '服务器返回 {status}',
    storageReset: '手机上保存的待发送记录已损坏，已清空重来。',
    myCasesHeading: '我的事件', myCasesHint: '本网格在办的事件。派遣后才能处置完成；处置完成后由上级核查结案。',
    myCasesEmpty: '本网格暂无在办事件', casesStale: '暂时无法刷新，显示的是上次联网时的事件。',
    resolve: '处置完成', resolveNote: '处置反馈（可选）', resolveButton: '处置完成',
    resolvePending: '处置完成已记录，等待发送', waitingDispatch: '待派遣：派遣后才能处置完成', waitingCheck: '已处置，待上级核查',
    state_reported: '已上报', state_dispatched: '已派遣', state_resolved: '已处置',
    urgeBadge: '督办×{n}', urgeNote: '督办要求：{note}',
  },
  en: {
    pageTitle: 'Field report · GridPulse', title: 'Field report', switchLanguage: '中文',
    online: 'Online', offline: 'Offline',
    identityHeading: 'I am',
    identityChecking: 'Asking the server who you are… (needs a connection)',
    tokenMissing: 'Open this page with the reporting link an administrator gave you (…/report#token=…). Ask them for one.',
    tokenRefused: 'The reporting link is no longer valid (revoked or expired). Your records stay on the phone and are sent once you open this page with a new link.',
    notAWorker: 'This link does not belong to a grid worker’s account and cannot report. Ask an administrator for a grid worker’s link.',
    dutyHeading: 'My status', onDuty: 'On duty', patrolling: 'Patrolling', offDuty: 'Off duty',
    recordHeading: 'Report', visit: 'Visit', training: 'Training', event: 'Event', case: 'Case', status: 'Status',
    households: 'Households', participants: 'Participants', categoryOptional: 'Category (optional)', categoryRequired: 'Category',
    noCategory: 'None', caseTitle: 'Title', description: 'Description (optional)', note: 'Note (optional)',
    submitVisit: 'Submit visit', submitTraining: 'Submit training', submitEvent: 'Submit event', submitCase: 'Report case',
    householdsInvalid: 'Households must be a whole number from 1 to 99999.', participantsInvalid: 'Participants must be a whole number from 0 to 99999.',
    categoryMissing: 'Choose the case category.', titleMissing: 'Enter the case title.', titleTooLong: 'The title is at most 100 characters.',
    descriptionTooLong: 'The description is at most 2000 characters.', noteTooLong: 'The note is at most 500 characters.',
    outboxFull: '{max} records are already waiting; the phone holds no more. Send them first, then submit again.',
    storageFailed: 'Could not save on this phone (storage full or disabled); this record was not submitted.',
    saved: 'Saved, id {id}', savedPending: 'waiting to send', savedSent: 'sent', savedDuplicate: 'sent (server already had it)', savedFailed: 'refused',
    pendingHeading: 'Waiting to send', failedHeading: 'Refused (not resent)', sentHeading: 'Recently sent',
    pendingEmpty: 'Nothing waiting to send', pendingMore: '… and {n} more', sentEmpty: 'Nothing sent yet',
    households_n: '{n} households', households_n_one: '1 household',
    participants_n: '{n} participants', participants_n_one: '1 participant',
    created: 'recorded {time}', sentAt: 'sent {time}', accepted: 'accepted', duplicate: 'repeat, already accepted',
    attempts: '{n} attempts: {reason}', attempts_one: '1 attempt: {reason}', dismiss: 'Remove',
    lastSent: 'last sent {time}', lastRetry: 'not sent ({reason}), retry in {s} s', lastRetryNow: 'not sent ({reason}), retrying',
    lastRefused: 'last record refused by the server {time}',
    reasonNetwork: 'server unreachable', reasonTimeout: 'timed out', reasonStatus: 'server answered {status}', reasonUnauthorized: 'reporting link no longer valid',
    refusedStatus: 'server answered {status}',
    storageReset: 'The records saved on this phone were damaged and have been cleared.',
    myCasesHeading: 'My cases', myCasesHint: 'Open cases of your grid. A case can be resolved once dispatched; a leader then checks and closes it.',
    myCasesEmpty: 'No open cases in your grid', casesStale: 'Cannot refresh now; these are the cases from the last connection.',
    resolve: 'Resolved', resolveNote: 'What was done (optional)', resolveButton: 'Resolved',
    resolvePending: 'Resolution recorded, waiting to send', waitingDispatch: 'Waiting for dispatch before it can be resolved', waitingCheck: 'Resolved, waiting for the check',
    state_reported: 'Reported', state_dispatched: 'Dispatched', state_resolved: 'Resolved',
    urgeBadge: 'Urged ×{n}', urgeNote: 'Demanded: {note}',
  },
};

const categoryLabels = {
  独居老人: 'Elderly living alone', 低保户: 'Low-income household', 退役军人: 'Veteran', 新市民: 'New resident',
  一老一小: 'Elderly and children', 志愿服务: 'Volunteering', 宣传: 'Publicity', 义诊: 'Free clinic', 文体: 'Culture and sports',
  环境卫生: 'Sanitation', 市容秩序: 'Street order', 矛盾纠纷: 'Dispute', 安全隐患: 'Safety hazard', 便民服务: 'Public service',
  紧急救助: 'Emergency aid', 城市管理: 'City management',
};

/** The texts of the current language. */
export const text = textsFor(texts);

/**
 * A text with its `{name}` placeholders filled in: `format('saved', { id })`. With `n` equal to 1 the
 * text's `_one` form is used when the language has one (English: "1 household").
 */
export function format(key, values = {}) {
  const template = values.n === 1 && text[`${key}_one`] ? text[`${key}_one`] : text[key];
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The label of a category value in the current language (the value itself in Chinese). */
export function categoryLabel(value) {
  return text === texts.zh ? value : categoryLabels[value] ?? value;
}
