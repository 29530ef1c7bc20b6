/**
 * The report form: which fields each kind has, and the request it becomes (spec 2.2, 2.3; README "Writes").
 */

import { categoryLabel, text } from '/js/report/texts.js';

/** The categories offered per kind; a case must have one, for the others it is optional. */
export const categories = {
  visit: ['独居老人', '低保户', '退役军人', '新市民', '一老一小'],
  training: [],
  event: ['志愿服务', '宣传', '义诊', '文体'],
  case: ['环境卫生', '市容秩序', '矛盾纠纷', '安全隐患', '便民服务', '紧急救助', '城市管理'],
};

const fieldsOf = {
  visit: ['households', 'category', 'note'],
  training: ['participants', 'note'],
  event: ['participants', 'category', 'note'],
  case: ['category', 'title', 'description'],
};

const submitText = { visit: 'submitVisit', training: 'submitTraining', event: 'submitEvent', case: 'submitCase' };
const maxCount = 99999;

/** Shows the fields of `kind` and offers its categories, clearing what was typed for another kind. */
export function showKind(form, kind) {
  for (const field of ['households', 'participants', 'category', 'title', 'description', 'note']) {
    form.querySelector(`#field-${field}`).hidden = !fieldsOf[kind].includes(field);
  }
  const chips = form.querySelector('#categories');
  const required = kind === 'case';
  const values = required ? categories[kind] : ['', ...categories[kind]];
  chips.replaceChildren(...values.map((value, index) => chip(value, !required && index === 0)));
  form.querySelector('#category-legend').textContent = required ? text.categoryRequired : text.categoryOptional;
  form.querySelector('#submit').textContent = text[submitText[kind]];
  form.dataset.formKind = kind;
}

/** Puts the form back to its defaults for the next report of the same kind. */
export function resetForm(form) {
  form.reset();
  showKind(form, form.dataset.formKind);
}

/** Steps a number field by `delta`, within its bounds. */
export function step(form, fieldName, delta) {
  const input = form.querySelector(`#${fieldName}`);
  const current = Number.parseInt(input.value, 10);
  const min = Number(input.min);
  const next = Number.isFinite(current) ? current + delta : min;
  input.value = String(Math.min(maxCount, Math.max(min, next)));
}

/**
 * The request of the form's kind, without id and time (added at the moment of submitting), or the first
 * problem found, in the page's language.
 * @returns {{ok: true, kind: string, fields: object} | {ok: false, message: string, field: string}}
 */
export function readForm(form) {
  const kind = form.dataset.formKind;
  const value = name => form.elements[name]?.value ?? '';
  const category = form.querySelector('input[name="category"]:checked')?.value || null;
  const note = value('note').trim();
  if (kind === 'case') {
    return readCase(value, category);
  }
  if (note.length > 500) {
    return { ok: false, message: text.noteTooLong, field: 'note' };
  }
  const countField = kind === 'visit' ? 'households' : 'participants';
  const count = wholeNumber(value(countField), kind === 'visit' ? 1 : 0);
  if (count === null) {
    return { ok: false, message: text[`${countField}Invalid`], field: countField };
  }
  const fields = { kind, [countField]: count };
  if (category && kind !== 'training') {
    fields.category = category;
  }
  if (note) {
    fields.note = note;
  }
  return { ok: true, kind, fields };
}

function readCase(value, category) {
  const title = value('title').trim();
  const description = value('description').trim();
  if (!category) {
    return { ok: false, message: text.categoryMissing, field: 'category' };
  }
  if (!title) {
    return { ok: false, message: text.titleMissing, field: 'title' };
  }
  if (title.length > 100) {
    return { ok: false, message: text.titleTooLong, field: 'title' };
  }
  if (description.length > 2000) {
    return { ok: false, message: text.descriptionTooLong, field: 'description' };
  }
  const fields = { category, title };
  if (description) {
    fields.description = description;
  }
  return { ok: true, kind: 'case', fields };
}

/** A whole number from `min` (also the default when left empty) to 99999, or null. */
function wholeNumber(raw, min) {
  const trimmed = raw.trim();
  if (trimmed === '') {
    return min;
  }
  if (!/^\d+$/.test(trimmed)) {
    return null;
  }
  const number = Number(trimmed);
  return number >= min && number <= maxCount ? number : null;
}

function chip(value, checked) {
  const label = document.createElement('label');
  label.className = 'chip';
  const input = document.createElement('input');
  input.type = 'radio';
  input.name = 'category';
  input.value = value;
  input.checked = checked;
  input.defaultChecked = checked;
  const span = document.createElement('span');
  span.textContent = value ? categoryLabel(value) : text.noCategory;
  label.append(input, span);
  return label;
}
