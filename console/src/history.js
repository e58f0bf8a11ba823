// The History panel: what the analyst ran, from any client, latest first (GET /api/v1/history); an entry opens its
// statement again in a new editor tab.
import { h, fill, guarded } from './dom.js';

const PAGE = 50;

/** A duration as people read it: 840 ms, 3.2 s, 4 min 05 s, 2 h 03 min; none yet while it runs. */
export function formatDuration(ms) {
  if (ms === undefined || ms === null) return 'running';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A statement's first line that says something (comments and blank lines skipped), shortened for a list. */
export function firstLine(sql, max = 80) {
  const line =
    sql
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l && !l.startsWith('--')) || sql.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** @param onOpen gets an entry's SQL, to open in a new tab */
export function historyPanel(area, { api, onOpen }) {
  const list = h('ol', { class: 'history-list' });
  const more = h('button', { type: 'button', hidden: true }, 'Show older');
  const status = h('div', { 'aria-live': 'polite' });
  let nextOffset = null;

  function entryItem(e) {
    const summary = firstLine(e.sql);
    return h(
      'li',
      { class: 'history-entry', 'data-status': e.status },
      h('span', { class: 'history-status' }, e.status),
      ' ',
      h('span', { class: 'history-duration' }, formatDuration(e.durationMs)),
      ' ',
      h('time', { datetime: e.startedAt }, new Date(e.startedAt).toLocaleTimeString()),
      e.listener === 'API' ? null : h('span', { class: 'history-listener' }, ` via ${e.listener}`),
      h('code', { title: e.sql }, summary),
      e.message ? h('div', { class: 'history-message' }, e.message) : null,
      h(
        'button',
        { type: 'button', 'aria-label': `Open in a new tab: ${summary}`, onclick: () => onOpen(e.sql) },
        'Open',
      ),
    );
  }

  async function page(offset) {
    await guarded(status, async () => {
      const answer = await api.get(`/history?limit=${PAGE}&offset=${offset}`);
      if (offset === 0) fill(list);
      list.append(...answer.entries.map(entryItem));
      nextOffset = answer.nextOffset ?? null;
      more.hidden = nextOffset === null;
      status.textContent = list.children.length ? '' : 'Nothing run yet.';
    });
  }
  more.addEventListener('click', () => page(nextOffset));

  fill(
    area,
    h('h2', {}, 'History'),
    h('p', {}, 'What you ran, from the console or any other client, latest first.'),
    h('button', { type: 'button', onclick: () => page(0) }, 'Refresh history'),
    status,
    list,
    more,
  );
  return { load: () => page(0) };
}
