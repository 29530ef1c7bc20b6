/**
 * The wall's banners (横幅, issue 13, section 3): a band at the top of the wall with the active banners of the unit it
 * shows, sent by the server whole (`banners(list)`) after every subscribe and on every change. 紧急 shows red, 通知
 * blue; the newest first, at most three, and a note of how many more. Each comes down at its end by this machine's
 * clock, without a word from the server (the server sends the shorter list at that moment too).
 */

import { element } from './dom.js';
import { fill, text } from './texts.js';

/** How many banners show at once; the rest wait below the newest. */
export const maxShown = 3;

/** @param {HTMLElement} band `#banners` */
export function createBanners(band) {
  let banners = [];
  let nextEnd = null;

  function draw() {
    clearTimeout(nextEnd);
    nextEnd = null;
    const now = Date.now();
    const active = banners.filter(banner => Date.parse(banner.until) > now)
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    const shown = active.slice(0, maxShown).map(banner => {
      const item = element('p', 'banner');
      item.dataset.level = banner.level;
      item.dataset.banner = banner.id;
      item.append(
        element('span', 'banner-level', banner.level === 'urgent' ? text.bannerUrgent : text.bannerNotice),
        element('span', 'banner-text', banner.text));
      return item;
    });
    if (active.length > maxShown) {
      shown.push(element('p', 'banner-more', fill(text.bannerMore, active.length - maxShown)));
    }
    band.replaceChildren(...shown);
    band.hidden = active.length === 0;
    if (active.length > 0) {
      const end = Math.min(...active.map(banner => Date.parse(banner.until)));
      // setTimeout holds at most about 24.8 days; a banner lasts at most 30, so a long wait is taken in steps.
      nextEnd = setTimeout(draw, Math.min(end - now, 2 ** 31 - 1));
    }
  }

  return {
    /** Shows the wall's whole list of active banners, replacing what it showed. */
    show(list) {
      banners = Array.isArray(list) ? list : [];
      draw();
    },
  };
}
