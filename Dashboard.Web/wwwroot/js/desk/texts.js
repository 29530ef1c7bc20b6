/** The cases desk's texts in Simplified Chinese and English. */

import { textsFor } from '/js/lang.js';

const texts = {
  zh: {
    pageTitle: '事件处置台 · GridPulse', deskTitle: '事件处置台', switchLanguage: 'English', openWall: '大屏',
    signedInAs: '{name}（{unit}）',
    connecting: '连接中', online: '实时', offline: '离线·重连中', signedOut: '登录已失效',
    signedOutMessage: '登录已失效（已退出、被撤销或过期），页面已停止更新。', signIn: '重新登录',
    searchLabel: '查找', searchPlaceholder: '编号或标题（按 / 聚焦）',
    stateLabel: '状态', deadlineLabel: '期限', categoryLabel: '类别', unitLabel: '单位',
    anyState: '全部状态', openStates: '在办（未结案）', anyDeadline: '全部', overdueOnly: '超期', dueSoonOnly: '临期（超期预警）',
    anyCategory: '全部类别', wholeScope: '全部（{name}）',
    columnDeadline: '期限', columnTitle: '标题', columnCategory: '类别', columnPlace: '网格', columnState: '状态', columnLevel: '处置层级',
    queueEmpty: '没有符合条件的事件', queueTotal: '共 {total} 件', pageOf: '第 {page} / {pages} 页', previous: '上一页', next: '下一页',
    loadFailed: '事件列表加载失败：{reason}',
    keyboardHint: '↑↓ 选择 · Enter 打开 · / 查找 · Esc 关闭',
    reported: '已上报', dispatched: '已派遣', resolved: '已处置', closed: '已结案', cancelled: '已作废',
    community: '社区', street: '街道', district: '区',
    left: '剩余 {span}', overdueBy: '超期 {span}', finished: '—',
    days: '{n}天', hours: '{n}小时', minutes: '{n}分钟',
    close: '关闭', reporter: '上报人', handler: '处置人', handlingLevel: '处置层级',
    occurredAt: '发生时间', deadline: '处置期限', reworkLabel: '返工', rework: '{n} 次',
    timeline: '处置记录', noActions: '该事件{state}，无可用操作。',
    actionCreated: '上报事件', action_dispatch: '派遣', action_resolve: '处置完成', action_close: '核查结案', action_reject: '返工',
    action_cancel: '作废', action_escalate: '上报上级', action_extend: '延期', action_urge: '督办',
    noteReason: '原因', noteUrge: '督办要求', noteOptional: '说明（可选）', newDeadline: '新的处置期限', dispatchDeadline: '处置期限',
    handlerPlaceholder: '处置人或单位', submit: '确定', cancelForm: '取消',
    noteRequired: '请填写{label}。', handlerRequired: '请填写处置人。', deadlineRequired: '请选择新的处置期限。',
    deadlineNotLater: '新的处置期限必须晚于当前期限。',
    done: '已{action}。', conflict: '事件已被他人更新，已刷新：{detail}', failed: '操作未成功：{detail}', failedStatus: '服务器返回 {status}',
    unreachable: '无法连接服务器，请稍后重试（重试不会重复操作）。', caseMissing: '事件 {id} 不存在或无权查看。',
    stateArrow: '→ {state}', handlerIs: '处置人 {handler}', deadlineIs: '期限 {deadline}',
  },
  en: {
    pageTitle: 'Cases desk · GridPulse', deskTitle: 'Cases desk', switchLanguage: '中文', openWall: 'Wall',
    signedInAs: '{name} ({unit})',
    connecting: 'Connecting', online: 'Live', offline: 'Offline, reconnecting', signedOut: 'Signed out',
    signedOutMessage: 'The sign-in is no longer valid (signed out, revoked or expired); the page has stopped updating.', signIn: 'Sign in again',
    searchLabel: 'Find', searchPlaceholder: 'Id or title (press / to focus)',
    stateLabel: 'State', deadlineLabel: 'Deadline', categoryLabel: 'Category', unitLabel: 'Unit',
    anyState: 'Any state', openStates: 'Open (not closed)', anyDeadline: 'Any', overdueOnly: 'Overdue', dueSoonOnly: 'Due soon',
    anyCategory: 'Any category', wholeScope: 'All of {name}',
    columnDeadline: 'Deadline', columnTitle: 'Title', columnCategory: 'Category', columnPlace: 'Grid', columnState: 'State', columnLevel: 'Handled by',
    queueEmpty: 'No case matches', queueTotal: '{total} cases', pageOf: 'Page {page} of {pages}', previous: 'Previous', next: 'Next',
    loadFailed: 'The cases could not be loaded: {reason}',
    keyboardHint: '↑↓ select · Enter open · / find · Esc close',
    reported: 'Reported', dispatched: 'Dispatched', resolved: 'Resolved', closed: 'Closed', cancelled: 'Cancelled',
    community: 'Community', street: 'Street', district: 'District',
    left: '{span} left', overdueBy: 'overdue by {span}', finished: '—',
    days: '{n} d', hours: '{n} h', minutes: '{n} min',
    close: 'Close', reporter: 'Reported by', handler: 'Handler', handlingLevel: 'Handled by',
    occurredAt: 'Occurred', deadline: 'Deadline', reworkLabel: 'Sent back', rework: '{n}×',
    timeline: 'History', noActions: 'Nothing more to do: the case is {state}.',
    actionCreated: 'Reported', action_dispatch: 'Dispatch', action_resolve: 'Resolve', action_close: 'Check and close', action_reject: 'Send back',
    action_cancel: 'Cancel', action_escalate: 'Escalate', action_extend: 'Extend', action_urge: 'Urge',
    noteReason: 'Reason', noteUrge: 'What is demanded', noteOptional: 'Note (optional)', newDeadline: 'New deadline', dispatchDeadline: 'Deadline',
    handlerPlaceholder: 'Handler or unit', submit: 'Confirm', cancelForm: 'Cancel',
    noteRequired: 'Enter the {label}.', handlerRequired: 'Enter the handler.', deadlineRequired: 'Choose the new deadline.',
    deadlineNotLater: 'The new deadline must be later than the current one.',
    done: '{action}: done.', conflict: 'Someone else changed this case; it has been reloaded: {detail}', failed: 'Not done: {detail}', failedStatus: 'the server answered {status}',
    unreachable: 'The server cannot be reached; try again (a retry never acts twice).', caseMissing: 'Case {id} does not exist or is not yours to see.',
    stateArrow: '→ {state}', handlerIs: 'handler {handler}', deadlineIs: 'deadline {deadline}',
  },
};

/** The texts of the current language. */
export const text = textsFor(texts);

/** A text with its `{name}` placeholders filled in: `format('left', { span })`. */
export function format(key, values = {}) {
  return text[key].replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** A span of time, coarsely: `2天5小时`, `3小时12分钟`, `8分钟` (English: `2 d 5 h`). */
export function formatSpan(milliseconds) {
  const minutes = Math.max(1, Math.floor(Math.abs(milliseconds) / 60000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = days > 0
    ? [format('days', { n: days }), hours > 0 ? format('hours', { n: hours }) : null]
    : hours > 0 ? [format('hours', { n: hours }), format('minutes', { n: minutes % 60 })] : [format('minutes', { n: minutes })];
  return parts.filter(Boolean).join(text === texts.en ? ' ' : '');
}
