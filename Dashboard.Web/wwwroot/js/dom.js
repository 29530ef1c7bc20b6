/** Building page elements. */

/** A new element with a class (none when empty) and a text (none when undefined): `element('td', 'deadline', '超期 1天')`. */
export function element(tag, className, content) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (content !== undefined) {
    node.textContent = content;
  }
  return node;
}
