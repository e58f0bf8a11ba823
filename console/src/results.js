// A query's live result: rows applied in place (+I/+U add a row, -U/-D take the matching one away), a live chart
// when the result has a time axis, pause, clear and CSV download.
import { h } from './dom.js';
import { chartSvg, defaultAxes, isNumeric, isTime } from './chart.js';

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
    this.key = statement.key || [];
    this.axes = defaultAxes(this.columns, this.key);
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
    // Scrolls when long, so it takes the focus: keyboard users scroll it too.
    this.tableArea = h('div', { class: 'table-area', tabindex: '0', role: 'region', 'aria-label': 'Result rows' });
    container.replaceChildren(
      h(
        'div',
        { class: 'toolbar' },
        this.stopButton,
        this.pauseButton,
        h('button', { type: 'button', onclick: () => this.clear() }, 'Clear'),
        h('button', { type: 'button', onclick: () => this.download() }, 'Download CSV'),
        this.status,
      ),
      this.axes ? this.chartControls() : null,
      this.chartArea,
      this.tableArea,
    );
    this.poll();
  }

  /** What the chart plots: x, y, the series and line or bar; a change redraws it. */
  chartControls() {
    // The select is named by aria-label: a label wrapping it would add the chosen option's text to its name.
    const pick = (label, name, options, selected, apply) =>
      h(
        'label',
        {},
        `${label} `,
        h(
          'select',
          {
            'aria-label': name,
            onchange: (e) => {
              apply(e.target.value);
              this.renderChart();
            },
          },
          options.map(([value, text]) => h('option', { value, selected: value === selected }, text)),
        ),
      );
    const all = this.columns.map((c, i) => [String(i), c.name]);
    const numbers = all.filter(([i]) => isNumeric(this.columns[i]));
    const times = all.filter(([i]) => isTime(this.columns[i]));
    const keyed = this.axes.series.join(',');
    // One column per series, or the key's columns together (the default) when there are several.
    const groupings = [
      ['', 'none'],
      ...(this.axes.series.length > 1 ? [[keyed, this.axes.series.map((i) => this.columns[i].name).join(', ')]] : []),
      ...all,
    ];
    return h(
      'div',
      { class: 'toolbar chart-controls' },
      pick('x', 'Chart x axis', [...times, ...numbers], String(this.axes.x), (v) => (this.axes.x = Number(v))),
      pick('y', 'Chart y axis', numbers, String(this.axes.y), (v) => (this.axes.y = Number(v))),
      pick(
        'series',
        'Chart series',
        groupings,
        keyed,
        (v) => (this.axes.series = v === '' ? [] : v.split(',').map(Number)),
      ),
      pick(
        'chart',
        'Chart kind',
        [
          ['line', 'line'],
          ['bar', 'bar'],
        ],
        this.chartKind,
        (v) => (this.chartKind = v),
      ),
    );
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

  renderChart(rows = [...this.changelog.all()]) {
    if (!this.axes) return;
    const drawn = chartSvg(this.columns, rows, this.axes, this.chartKind);
    this.chartArea.replaceChildren(
      ...(drawn ? [drawn.svg, drawn.legend] : [h('p', { class: 'chart-empty' }, 'No rows to plot yet.')]),
    );
  }

  render() {
    const rows = [...this.changelog.all()];
    const state = this.stopped ? 'stopped' : this.ended ? 'finished' : this.paused ? 'paused' : 'running';
    this.status.textContent = `${rows.length} rows, ${state}`;
    this.renderChart(rows);
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
