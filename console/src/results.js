// A query's live result: rows applied in place (+I/+U add a row, -U/-D take the matching one away), a live chart
// when the result has a time axis, pause, clear and CSV download.
import { h } from './dom.js';

const MAX_ROWS_SHOWN = 500;
const POLL_MS = 400;

/** The rows of a changelog, kept as a multiset keyed by their values. */
export class Changelog {
  constructor() {
    this.rows = new Map();
  }

  apply(kind, fields) {
    const key = JSON.stringify(fields);
    const entry = this.rows.get(key);
    if (kind === '+I' || kind === '+U') this.rows.set(key, { fields, count: (entry ? entry.count : 0) + 1 });
    else if (entry && entry.count > 1) entry.count--;
    else this.rows.delete(key);
  }

  *all() {
    for (const { fields, count } of this.rows.values()) for (let i = 0; i < count; i++) yield fields;
  }

  get size() {
    let n = 0;
    for (const e of this.rows.values()) n += e.count;
    return n;
  }
}

/** The column to plot along x (a window bound or a timestamp) and the first numeric one to plot up, if both exist. */
export function chartAxes(columns) {
  const named = (pattern) => columns.findIndex((c) => pattern.test(c.name));
  let x = named(/^window_end$/i);
  if (x < 0) x = named(/^window_start$/i);
  if (x < 0) x = columns.findIndex((c) => /TIMESTAMP/i.test(c.type));
  const y = columns.findIndex((c) => /^(TINYINT|SMALLINT|INT|INTEGER|BIGINT|FLOAT|DOUBLE|DECIMAL)/i.test(c.type));
  return x >= 0 && y >= 0 ? { x, y } : null;
}

function csvCell(value) {
  const text =
    value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns, rows) {
  return (
    [columns.map((c) => csvCell(c.name)).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n'
  );
}

/**
 * The points to plot: y summed per x, in order of x. The API sends BIGINT and DECIMAL as strings and timestamps as
 * fixed-width ISO-8601 text, so y is read with Number (a plot needs no more than a double's precision) and x sorts as
 * text; NaN, the infinities and NULL are left out.
 */
export function series(rows, axes) {
  const sums = new Map();
  for (const r of rows) {
    const y = r[axes.y] === null ? NaN : Number(r[axes.y]);
    if (Number.isFinite(y)) sums.set(String(r[axes.x]), (sums.get(String(r[axes.x])) || 0) + y);
  }
  return [...sums.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** A line chart (bar chart when there are few points) of y over x, summed per x, as inline SVG. */
function chart(columns, rows, axes, kind) {
  const points = series(rows, axes);
  const width = 560,
    height = 180,
    pad = 30;
  const max = Math.max(1, ...points.map((p) => p[1]));
  const step = points.length > 1 ? (width - 2 * pad) / (points.length - 1) : 0;
  const px = (i) => pad + i * step;
  const py = (v) => height - pad - (v / max) * (height - 2 * pad);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${columns[axes.y].name} by ${columns[axes.x].name}, ${points.length} points`);
  svg.setAttribute('class', 'chart');
  svg.dataset.points = String(points.length);
  const add = (tag, attrs) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
    return el;
  };
  add('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: 'axis' });
  add('line', { x1: pad, y1: pad, x2: pad, y2: height - pad, class: 'axis' });
  add('text', { x: 2, y: pad - 8, class: 'label' }).textContent = `${columns[axes.y].name} (max ${max})`;
  if (points.length) add('text', { x: pad, y: height - 8, class: 'label' }).textContent = points[0][0];
  if (kind === 'bar') {
    const w = Math.max(2, (width - 2 * pad) / Math.max(points.length, 1) - 2);
    points.forEach(([, v], i) =>
      add('rect', { x: pad + i * (w + 2), y: py(v), width: w, height: height - pad - py(v), class: 'bar' }),
    );
  } else if (points.length) {
    add('polyline', { points: points.map(([, v], i) => `${px(i)},${py(v)}`).join(' '), class: 'line' });
  }
  return svg;
}

/** Cancels a statement (a query's job with it) with a request that outlives the page; gone already is fine. */
export async function cancelStatement(api, statementId) {
  try {
    await api.delete(`/statements/${statementId}`, { keepalive: true });
  } catch {
    /* already gone */
  }
}

/** Polls a statement's result pages into a table and chart inside {@code container}. */
export class ResultView {
  constructor(api, container, statement) {
    this.api = api;
    this.statementId = statement.id;
    this.columns = statement.columns || [];
    this.changelog = new Changelog();
    this.token = 0;
    this.paused = false;
    this.ended = false;
    this.chartKind = 'line';
    this.status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' }, 'Waiting for rows…');
    this.stopped = false;
    this.pauseButton = h('button', { type: 'button', onclick: () => this.togglePause() }, 'Pause');
    this.stopButton = h('button', { type: 'button', onclick: () => this.stop() }, 'Stop');
    this.chartArea = h('div', { class: 'chart-area' });
    this.tableArea = h('div', { class: 'table-area' });
    container.replaceChildren(
      h(
        'div',
        { class: 'toolbar' },
        this.stopButton,
        this.pauseButton,
        h('button', { type: 'button', onclick: () => this.clear() }, 'Clear'),
        h('button', { type: 'button', onclick: () => this.download() }, 'Download CSV'),
        h(
          'label',
          {},
          'Chart ',
          h(
            'select',
            {
              onchange: (e) => {
                this.chartKind = e.target.value;
                this.render();
              },
            },
            h('option', { value: 'line' }, 'line'),
            h('option', { value: 'bar' }, 'bar'),
          ),
        ),
        this.status,
      ),
      this.chartArea,
      this.tableArea,
    );
    this.poll();
  }

  togglePause() {
    this.paused = !this.paused;
    this.pauseButton.textContent = this.paused ? 'Resume' : 'Pause';
    if (!this.paused) this.poll();
    this.render();
  }

  clear() {
    this.changelog = new Changelog();
    this.render();
  }

  download() {
    const blob = new Blob([toCsv(this.columns, [...this.changelog.all()])], { type: 'text/csv' });
    const link = h('a', { href: URL.createObjectURL(blob), download: `sluice-${this.statementId}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  /** Stop: the query's job is cancelled, and the rows read so far stay. */
  async stop() {
    this.stopped = true;
    this.stopButton.disabled = true;
    this.pauseButton.disabled = true;
    await this.close();
    this.render();
  }

  /**
   * Stops polling and cancels the query on the gateway; also as the page is left (a tab closed, a reload), so the
   * request is kept alive past the page. A paused query is cancelled by the gateway once unread for a while.
   */
  async close() {
    this.ended = true;
    await cancelStatement(this.api, this.statementId);
  }

  async poll() {
    while (!this.paused && !this.ended) {
      let page;
      try {
        page = await this.api.get(`/statements/${this.statementId}/results?token=${this.token}`);
      } catch (error) {
        this.ended = true;
        this.status.textContent = `Stopped: ${error.message}`;
        return;
      }
      if (page.columns && page.columns.length) this.columns = page.columns;
      for (const row of page.rows) this.changelog.apply(row.kind, row.fields);
      if (page.nextToken === undefined || page.nextToken === null) this.ended = true;
      else this.token = page.nextToken;
      this.render();
      if (!this.ended && page.rows.length === 0) await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  render() {
    const rows = [...this.changelog.all()];
    const state = this.stopped ? 'stopped' : this.ended ? 'finished' : this.paused ? 'paused' : 'running';
    this.status.textContent = `${rows.length} rows, ${state}`;
    const axes = chartAxes(this.columns);
    this.chartArea.replaceChildren(axes ? chart(this.columns, rows, axes, this.chartKind) : '');
    const shown = rows.slice(-MAX_ROWS_SHOWN);
    this.tableArea.replaceChildren(
      h(
        'table',
        { class: 'results', 'aria-label': 'Query results' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            this.columns.map((c) => h('th', { scope: 'col', title: c.type }, c.name)),
          ),
        ),
        h(
          'tbody',
          {},
          shown.map((r) =>
            h(
              'tr',
              {},
              r.map((v) => h('td', {}, v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v))),
            ),
          ),
        ),
      ),
    );
  }
}
