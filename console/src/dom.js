// A few helpers to build the DOM without a framework; text is always set as text, never as HTML.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  return fill(el, ...children, true);
}

/**
 * Puts {@code children} in {@code el} (arrays flattened, null and false left out), replacing what was there unless
 * the last argument is {@code true} (append).
 */
export function fill(el, ...children) {
  const append = children[children.length - 1] === true;
  if (append) children.pop();
  else el.replaceChildren();
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A labelled input: the label names it for screen readers and tests. */
export function field(label, input) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

export function bytes(n) {
  if (n === undefined || n === null) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function num(n, digits = 2) {
  return n === undefined || n === null ? '–' : Number(n).toFixed(Number.isInteger(n) ? 0 : digits);
}

/** Shows an error (with the gateway's hint) in a live region. */
export function showError(target, error) {
  fill(
    target,
    h(
      'div',
      { class: 'error', role: 'alert' },
      error.message,
      error.hint ? h('div', { class: 'hint' }, error.hint) : null,
    ),
  );
}

/** Runs an async loader and shows its error in place rather than losing it. */
export async function guarded(target, load) {
  try {
    await load();
  } catch (error) {
    showError(target, error);
  }
}

export function table(headers, rows) {
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((name) => h('th', { scope: 'col' }, name)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells) =>
        h(
          'tr',
          {},
          cells.map((cell) => h('td', {}, cell)),
        ),
      ),
    ),
  );
}
