/**
 * The interface language of every page: Simplified Chinese unless the address says `?lang=en`.
 */

/** `'en'` with `?lang=en`, otherwise `'zh'`. */
export const language = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';

/** The BCP 47 tag for dates and numbers: `zh-CN` or `en-GB`. */
export const locale = language === 'en' ? 'en-GB' : 'zh-CN';

/**
 * Picks the texts of the current language from `{ zh: {...}, en: {...} }`.
 * @param {{zh: Record<string, string>, en: Record<string, string>}} texts
 */
export function textsFor(texts) {
  return texts[language];
}

/** A same-site address that keeps `?lang=en` when it is set: `withLanguage('/wall/x')`. */
export function withLanguage(path) {
  if (language !== 'en') {
    return path;
  }
  const url = new URL(path, location.origin);
  url.searchParams.set('lang', 'en');
  return url.pathname + url.search;
}

/** Sets `<html lang>` and every `[data-text]` element's text from the texts of the current language. */
export function applyTexts(text) {
  document.documentElement.lang = language === 'en' ? 'en' : 'zh-CN';
  for (const element of document.querySelectorAll('[data-text]')) {
    const value = text[element.dataset.text];
    if (value !== undefined) {
      element.textContent = value;
    }
  }
}
