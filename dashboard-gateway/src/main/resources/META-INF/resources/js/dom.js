// Building the page without innerHTML: every piece of text goes in as a text node, so a device called
// "<script>alert(1)</script>" is shown as exactly that, and never parsed.

/**
 * h('button', {class: 'primary', onclick: fn, 'aria-label': 'Open'}, 'Open') builds an element.
 * Attributes are set with setAttribute, `text` sets textContent, `on*` adds listeners; children are nodes or
 * strings (strings become text nodes).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces the element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "3 minutes ago", "in 4 minutes". */
export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 10) return 'just now';
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86400), 'day');
}

export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** m:ss until `iso`, or null once it is past. */
export function countdown(iso, now = Date.now()) {
  const left = Math.floor((new Date(iso).getTime() - now) / 1000);
  if (left <= 0) return null;
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
}

let toastArea;

/** A short message in the polite live region; errors stay longer. */
export function toast(message, kind = 'info') {
  toastArea ??= document.getElementById('toasts');
  if (kind === 'error') console.error(`doorlock console: ${message}`); // visible to whoever debugs (and the browser tests)
  const item = h('p', { class: `toast ${kind}` }, message);
  toastArea.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}
