// A result's chart: which columns go on x, y and into series, the axes' ticks, and the SVG with its legend.

/** Colours a series keeps by its place; told apart by people with the common colour blindnesses (Okabe and Ito). */
export const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7f5a00', '#444444'];
/** Series drawn at most; the others are named in a note under the legend. */
export const MAX_SERIES = COLOURS.length;

const NUMERIC = /^(TINYINT|SMALLINT|INT|INTEGER|BIGINT|FLOAT|DOUBLE|DECIMAL|NUMERIC|REAL)\b/i;
const TIME = /^(TIMESTAMP(_LTZ)?|DATE)\b/i;

export const isNumeric = (column) => NUMERIC.test(column.type);
export const isTime = (column) => TIME.test(column.type);

/**
 * The axes a result is plotted on at first: time along x (window_start, else window_end, else the first timestamp
 * or date), up the first number that is not part of the result's key (what was measured, not what it was grouped
 * by), and a series per value of the key's other columns that are not times (a window's other bound is not a group).
 *
 * @param columns the result's columns ({name, type})
 * @param key the names of the columns that identify a row, as the gateway derives them from the plan
 * @return {x, y, series} as column indexes (series a list), or null when there is no time or no number to plot
 */
export function defaultAxes(columns, key = []) {
  const keyed = new Set(key);
  const named = (name) => columns.findIndex((c) => c.name.toLowerCase() === name && isTime(c));
  let x = named('window_start');
  if (x < 0) x = named('window_end');
  if (x < 0) x = columns.findIndex(isTime);
  if (x < 0) return null;
  const numbers = columns.map((c, i) => i).filter((i) => i !== x && isNumeric(columns[i]));
  // A result whose numbers are all keys (SELECT ts, user_id ...) still plots one of them rather than nothing.
  const y = numbers.find((i) => !keyed.has(columns[i].name)) ?? numbers[0];
  if (y === undefined) return null;
  const series = columns
    .map((c, i) => i)
    .filter((i) => i !== x && i !== y && keyed.has(columns[i].name) && !isTime(columns[i]));
  return { x, y, series };
}

/**
 * Ticks for a numeric axis: about {@code count} of them at a round step (1, 2 or 5 times a power of ten), and the
 * axis stretched to the ticks around [min, max] so the highest point sits under a tick. A flat range is widened by
 * one so it still has ticks.
 *
 * @return {min, max, step, ticks, decimals} where decimals is how many a label needs to show the step
 */
export function niceTicks(min, max, count = 5) {
  if (max === min) {
    min -= min === 0 ? 0 : 1;
    max += 1;
  }
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks = [];
  // Counted, not summed, so 0.1 + 0.2 never drifts into a label.
  for (let i = 0; lo + i * step <= hi + step / 1e9; i++) ticks.push(Number((lo + i * step).toFixed(decimals)));
  return { min: lo, max: hi, step, ticks, decimals };
}

/** A tick's label: its digits to the step's precision, thousands grouped. */
export function formatNumber(value, decimals = 0) {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  30 * DAY,
];

/**
 * Ticks for a time axis over [min, max] (milliseconds): the smallest step of a clock's (1 s, 5 s, 1 min, 1 h ...)
 * that gives at most {@code count} ticks, on multiples of that step, so a 5 s window's starts fall on ticks.
 *
 * @return {step, ticks}
 */
export function timeTicks(min, max, count = 5) {
  const span = Math.max(max - min, SECOND);
  const step = TIME_STEPS.find((s) => span / s <= count) ?? Math.ceil(span / count / DAY) * DAY;
  const ticks = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return { step, ticks };
}

/**
 * A time as the result wrote it, shortened to what the step needs: the clock for steps under a day, the date for
 * longer ones. Times are read and shown as written (the session's time zone), never moved to the browser's.
 */
export function formatTime(ms, step) {
  const iso = new Date(ms).toISOString(); // 2026-12-07T10:00:05.000Z
  if (step >= DAY) return iso.slice(0, 10);
  return step >= MINUTE ? iso.slice(11, 16) : iso.slice(11, 19);
}

/** A field of a time column as milliseconds: the API writes them as ISO-8601 text without a zone, or with Z. */
export function timeValue(text) {
  if (typeof text !== 'string') return NaN;
  const withZone = /(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text.length === 10 ? `${text}T00:00:00` : text}Z`;
  return Date.parse(withZone);
}

/**
 * The lines to draw: the rows (already the changelog's current state, so an updated row has replaced its point)
 * grouped by their series columns, y summed per x within a series (when the series leave out some of the key), x in
 * order. At most {@code max} series are kept, those with the highest latest value; the rest are counted.
 *
 * @return {series: [{name, points: [[x, y]]}], hidden} where x is milliseconds for a time column, else a number
 */
export function seriesOf(rows, columns, axes, max = MAX_SERIES) {
  const readX = isTime(columns[axes.x]) ? timeValue : (v) => (v === null ? NaN : Number(v));
  const byName = new Map();
  for (const row of rows) {
    const x = readX(row[axes.x]);
    const y = row[axes.y] === null ? NaN : Number(row[axes.y]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const name = axes.series.length
      ? axes.series.map((i) => (row[i] === null ? 'NULL' : String(row[i]))).join(', ')
      : columns[axes.y].name;
    if (!byName.has(name)) byName.set(name, new Map());
    const sums = byName.get(name);
    sums.set(x, (sums.get(x) || 0) + y);
  }
  const all = [...byName.entries()].map(([name, sums]) => ({
    name,
    points: [...sums.entries()].sort((a, b) => a[0] - b[0]),
  }));
  const latest = (s) => s.points[s.points.length - 1][1];
  all.sort((a, b) => latest(b) - latest(a) || (a.name < b.name ? -1 : 1));
  const kept = all.slice(0, max).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  return { series: kept, hidden: all.length - kept.length };
}

const WIDTH = 640;
const HEIGHT = 260;
// Room for the y ticks' labels on the left and half an x tick's label on the right.
const LEFT = 72;
const RIGHT = 36;
const TOP = 14;
const BOTTOM = 44;

/**
 * The chart as SVG with an HTML legend: axes with their ticks and labels, a line (or bars) per series.
 *
 * @return {svg, legend}, or null while there is no point to plot
 */
export function chartSvg(columns, rows, axes, kind = 'line') {
  const { series, hidden } = seriesOf(rows, columns, axes);
  const points = series.flatMap((s) => s.points);
  if (!points.length) return null;
  const time = isTime(columns[axes.x]);
  const xs = points.map((p) => p[0]);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const xTicks = time ? timeTicks(xMin, xMax) : niceTicks(xMin, xMax);
  const xLo = time ? Math.min(xMin, xTicks.ticks[0] ?? xMin) : xTicks.min;
  const xHi = time ? Math.max(xMax, xTicks.ticks.at(-1) ?? xMax, xLo + 1) : xTicks.max;
  const ys = points.map((p) => p[1]);
  // Bars and counts start at zero; a series far from zero (a temperature) is not squashed to a flat line.
  const yTicks = niceTicks(
    kind === 'bar' ? Math.min(0, ...ys) : Math.min(...ys, ys.every((y) => y >= 0) ? 0 : Infinity),
    Math.max(...ys),
  );
  const px = (x) => LEFT + ((x - xLo) / (xHi - xLo)) * (WIDTH - LEFT - RIGHT);
  const py = (y) => HEIGHT - BOTTOM - ((y - yTicks.min) / (yTicks.max - yTicks.min)) * (HEIGHT - TOP - BOTTOM);

  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const add = (parent, tag, attrs, text) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    parent.append(el);
    return el;
  };
  const xName = columns[axes.x].name;
  const yName = columns[axes.y].name;
  const by = axes.series.map((i) => columns[i].name).join(', ');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    `${yName} over ${xName}${by ? `, one ${kind} per ${by}` : ''}: ${series.length} series, ${points.length} points, ` +
      `${yName} from ${formatNumber(yTicks.min, yTicks.decimals)} to ${formatNumber(yTicks.max, yTicks.decimals)}` +
      (hidden ? `; ${hidden} more series not drawn` : ''),
  );
  svg.dataset.points = String(points.length);
  svg.dataset.series = String(series.length);
  svg.dataset.x = xName;
  svg.dataset.y = yName;

  const xAxis = add(svg, 'g', { class: 'x-axis' });
  add(xAxis, 'line', { x1: LEFT, y1: HEIGHT - BOTTOM, x2: WIDTH - RIGHT, y2: HEIGHT - BOTTOM, class: 'axis' });
  for (const t of xTicks.ticks) {
    add(xAxis, 'line', { x1: px(t), y1: HEIGHT - BOTTOM, x2: px(t), y2: HEIGHT - BOTTOM + 4, class: 'axis' });
    add(
      xAxis,
      'text',
      { x: px(t), y: HEIGHT - BOTTOM + 16, 'text-anchor': 'middle', class: 'tick' },
      time ? formatTime(t, xTicks.step) : formatNumber(t, xTicks.decimals),
    );
  }
  const day = time && xTicks.step < DAY && xs.length ? `, ${new Date(xMin).toISOString().slice(0, 10)}` : '';
  add(
    xAxis,
    'text',
    { x: (LEFT + WIDTH - RIGHT) / 2, y: HEIGHT - 6, 'text-anchor': 'middle', class: 'label' },
    `${xName}${day}`,
  );

  const yAxis = add(svg, 'g', { class: 'y-axis' });
  add(yAxis, 'line', { x1: LEFT, y1: TOP, x2: LEFT, y2: HEIGHT - BOTTOM, class: 'axis' });
  for (const t of yTicks.ticks) {
    add(yAxis, 'line', { x1: LEFT, y1: py(t), x2: WIDTH - RIGHT, y2: py(t), class: 'grid' });
    add(
      yAxis,
      'text',
      { x: LEFT - 6, y: py(t) + 4, 'text-anchor': 'end', class: 'tick' },
      formatNumber(t, yTicks.decimals),
    );
  }
  add(
    yAxis,
    'text',
    {
      x: 12,
      y: (TOP + HEIGHT - BOTTOM) / 2,
      'text-anchor': 'middle',
      class: 'label',
      transform: `rotate(-90 12 ${(TOP + HEIGHT - BOTTOM) / 2})`,
    },
    yName,
  );

  const plot = add(svg, 'g', { class: 'plot' });
  if (kind === 'bar') {
    // Bars side by side per x, as wide as the closest two x values leave room for.
    const distinct = [...new Set(xs)].sort((a, b) => a - b);
    const gap = distinct.slice(1).reduce((g, x, i) => Math.min(g, px(x) - px(distinct[i])), (WIDTH - LEFT - RIGHT) / 2);
    const width = Math.max(1, (gap * 0.8) / Math.max(series.length, 1));
    series.forEach((s, i) =>
      s.points.forEach(([x, y]) =>
        add(plot, 'rect', {
          x: px(x) - (width * series.length) / 2 + i * width,
          y: Math.min(py(y), py(0)),
          width,
          height: Math.abs(py(0) - py(y)),
          fill: COLOURS[i],
          class: 'bar',
        }),
      ),
    );
  } else {
    series.forEach((s, i) => {
      add(plot, 'polyline', {
        points: s.points.map(([x, y]) => `${px(x)},${py(y)}`).join(' '),
        stroke: COLOURS[i],
        class: 'line',
      });
      // A dot per point, so a series of one point (a first window) shows too.
      for (const [x, y] of s.points) add(plot, 'circle', { cx: px(x), cy: py(y), r: 2.5, fill: COLOURS[i] });
    });
  }

  const list = document.createElement('ul');
  list.setAttribute('aria-label', by ? `Legend: ${yName} per ${by}` : 'Legend');
  const title = document.createElement('span');
  title.className = 'legend-title';
  title.textContent = by ? `${yName} per ${by}:` : `${yName}:`;
  const legend = document.createElement('div');
  legend.className = 'legend';
  legend.append(title, list);
  series.forEach((s, i) => {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = COLOURS[i];
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, s.name);
    list.append(item);
  });
  if (hidden) {
    const note = document.createElement('li');
    note.className = 'legend-note';
    note.textContent = `and ${hidden} more series, not drawn (the ${MAX_SERIES} with the highest latest ${yName} are)`;
    list.append(note);
  }
  return { svg, legend };
}
