// The console's logic without a browser: node --test test/ (run by ConsoleBrowserTest too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Text } from '@codemirror/state';
import { Changelog, cancelStatement, toCsv } from '../src/results.js';
import { defaultAxes, formatNumber, formatTime, niceTicks, seriesOf, timeTicks, timeValue } from '../src/chart.js';
import { Api } from '../src/api.js';
import {
  aliases,
  completionOptions,
  declaredTables,
  newEditorId,
  oneAtATime,
  toCodeMirror,
  validatePath,
} from '../src/editor.js';
import { layout, nameLines } from '../src/graph.js';
import { inPlace, splitStatements, statementAt } from '../src/statements.js';
import {
  activate,
  activeTab,
  addTab,
  closeTab,
  freshTabs,
  loadTabs,
  saveTabs,
  storageKey,
  tabLabel,
  updateTab,
} from '../src/tabs.js';
import { firstLine, formatDuration } from '../src/history.js';
import { base64 } from '../src/functions.js';
import {
  cellText,
  cellValue,
  diffView,
  emptyCase,
  fieldPlace,
  fromCase,
  gridToRows,
  regrid,
  reshape,
  rowsToGrid,
  toCase,
  withChangelog,
} from '../src/cases.js';

test('updates and retractions replace rows in place', () => {
  const rows = new Changelog();
  rows.apply('+I', [1, 'a']);
  rows.apply('+I', [2, 'b']);
  rows.apply('-U', [1, 'a']);
  rows.apply('+U', [1, 'aa']);
  rows.apply('+I', [2, 'b']);
  rows.apply('-D', [2, 'b']);
  assert.deepEqual(
    [...rows.all()],
    [
      [2, 'b'],
      [1, 'aa'],
    ],
  );
  rows.apply('-D', [9, 'never there']);
  assert.equal(rows.size, 2);
});

const ts = (name) => ({ name, type: 'TIMESTAMP(3) NOT NULL' });
const int = (name) => ({ name, type: 'INT' });
const count = (name) => ({ name, type: 'BIGINT NOT NULL' });

test('the chart puts time on x, the first measure that is not a key on y, and the key as series', () => {
  // SELECT window_start, user_id, COUNT(*) ... GROUP BY window_start, window_end, user_id: the count, per user.
  assert.deepEqual(defaultAxes([ts('window_start'), int('user_id'), count('clicks')], ['window_start', 'user_id']), {
    x: 0,
    y: 2,
    series: [1],
  });
  // window_start before window_end wherever it is; a window's other bound is no series.
  assert.deepEqual(
    defaultAxes(
      [int('region'), ts('window_end'), ts('window_start'), count('n'), { name: 'total', type: 'DECIMAL(10, 2)' }],
      ['region', 'window_start', 'window_end'],
    ),
    { x: 2, y: 3, series: [0] },
  );
  // Without a key (a scan) the first number is plotted as one line; any timestamp is a time axis.
  assert.deepEqual(defaultAxes([{ name: 'ts', type: 'TIMESTAMP_LTZ(3)' }, int('n')], []), { x: 0, y: 1, series: [] });
  // Every number a key: one of them is still plotted rather than nothing.
  assert.deepEqual(defaultAxes([ts('ts'), int('user_id')], ['ts', 'user_id']), { x: 0, y: 1, series: [] });
  assert.equal(defaultAxes([{ name: 's', type: 'STRING' }, int('n')], []), null);
  assert.equal(defaultAxes([ts('ts')], []), null);
});

test('numeric ticks fall on round steps and the axis reaches the highest point', () => {
  // 37 over about 5 ticks: 7.4 rounds up to a step of 10, so the axis runs 0..40.
  assert.deepEqual(niceTicks(0, 37), { min: 0, max: 40, step: 10, ticks: [0, 10, 20, 30, 40], decimals: 0 });
  // 0.13..0.92 over 5: 0.158 rounds up to 0.2; labels need one decimal; no 0.6000000000000001.
  assert.deepEqual(niceTicks(0.13, 0.92), {
    min: 0,
    max: 1,
    step: 0.2,
    ticks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    decimals: 1,
  });
  // 1,234..98,765: 19,506 rounds up to 20,000.
  assert.deepEqual(niceTicks(1234, 98765).ticks, [0, 20000, 40000, 60000, 80000, 100000]);
  // Negative values and a flat series still get ticks around them.
  assert.deepEqual(niceTicks(-7, 12).ticks, [-10, -5, 0, 5, 10, 15]);
  assert.deepEqual(niceTicks(0, 0).ticks, [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.equal(formatNumber(100000), '100,000');
  assert.equal(formatNumber(0.2, 1), '0.2');
});

test('time ticks fall on clock steps and are labelled to the step', () => {
  const at = (hms) => timeValue(`2026-12-07T${hms}.000`);
  // 10:00:03..10:00:27 (24 s) in at most 5 ticks: a 5 s step, on multiples of 5 s.
  const { step, ticks } = timeTicks(at('10:00:03'), at('10:00:27'));
  assert.equal(step, 5000);
  assert.deepEqual(
    ticks.map((t) => formatTime(t, step)),
    ['10:00:05', '10:00:10', '10:00:15', '10:00:20', '10:00:25'],
  );
  // Two hours in at most 5: 30 min, labelled without seconds.
  const hours = timeTicks(at('09:10:00'), at('11:05:00'));
  assert.equal(hours.step, 30 * 60 * 1000);
  assert.deepEqual(
    hours.ticks.map((t) => formatTime(t, hours.step)),
    ['09:30', '10:00', '10:30', '11:00'],
  );
  // Times are read as written, with or without a zone, and dates as their midnight.
  assert.equal(timeValue('2026-12-07T10:00:05.120Z'), Date.UTC(2026, 11, 7, 10, 0, 5, 120));
  assert.equal(timeValue('2026-12-07'), Date.UTC(2026, 11, 7));
  assert.equal(formatTime(Date.UTC(2026, 11, 7), 24 * 3600 * 1000), '2026-12-07');
});

test('series: one per key value, y read from strings, updated rows replace their points, top N kept', () => {
  const columns = [ts('window_start'), int('user_id'), count('clicks')];
  const axes = { x: 0, y: 2, series: [1] };
  const rows = new Changelog();
  rows.apply('+I', ['2026-12-07T10:00:00.000', 1, '3']);
  rows.apply('+I', ['2026-12-07T10:00:00.000', 2, '9223372036854775807']);
  rows.apply('+I', ['2026-12-07T10:00:05.000', 1, '4']);
  // An update of user 1's first window: its point moves, no second point appears.
  rows.apply('-U', ['2026-12-07T10:00:00.000', 1, '3']);
  rows.apply('+U', ['2026-12-07T10:00:00.000', 1, '5']);
  rows.apply('+I', ['2026-12-07T10:00:05.000', 3, null]); // NULL is left out
  const t0 = Date.UTC(2026, 11, 7, 10, 0, 0);
  assert.deepEqual(seriesOf([...rows.all()], columns, axes), {
    series: [
      {
        name: '1',
        points: [
          [t0, 5],
          [t0 + 5000, 4],
        ],
      },
      { name: '2', points: [[t0, Number('9223372036854775807')]] },
    ],
    hidden: 0,
  });
  // Without series, y is summed per x; with at most 1 series, the one with the highest latest value stays.
  assert.deepEqual(seriesOf([...rows.all()], columns, { ...axes, series: [] }).series[0].points, [
    [t0, 5 + Number('9223372036854775807')],
    [t0 + 5000, 4],
  ]);
  const top = seriesOf([...rows.all()], columns, axes, 1);
  assert.deepEqual(
    top.series.map((s) => s.name),
    ['2'],
  );
  assert.equal(top.hidden, 1);
});

test('the table and CSV keep the exact text of decimals and timestamps', () => {
  assert.equal(
    toCsv([{ name: 'amount' }, { name: 'ts' }], [['12345678901234.10', '2026-11-23T10:00:05.000']]),
    'amount,ts\n12345678901234.10,2026-11-23T10:00:05.000\n',
  );
});

test('CSV quotes what needs quoting', () => {
  assert.equal(
    toCsv(
      [{ name: 'a' }, { name: 'b,c' }],
      [
        ['x"y', null],
        [1, { k: 1 }],
      ],
    ),
    'a,"b,c"\n"x""y",\n1,"{""k"":1}"\n',
  );
});

test('completion knows the tables and columns a script declares', () => {
  const tables = declaredTables(`CREATE TEMPORARY TABLE clicks (user_id INT, ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '1' SECOND, PRIMARY KEY (user_id) NOT ENFORCED) WITH ('connector' = 'datagen');
    create table if not exists \`sink\` (n DECIMAL(10, 2))`);
  assert.deepEqual(Object.fromEntries(tables), { clicks: ['user_id', 'ts'], sink: ['n'] });
});

test('diagnostics land on their 1-based line and inclusive end column, clamped to the document', () => {
  const doc = Text.of(['SELECT', 'user_idd FROM t']);
  const [d] = toCodeMirror(doc, [
    { severity: 'error', code: 'X', message: 'm', hint: 'h', line: 2, column: 1, endLine: 2, endColumn: 8 },
  ]);
  assert.equal(doc.sliceString(d.from, d.to), 'user_idd');
  assert.equal(d.message, 'm\nHint: h');
  const [far] = toCodeMirror(doc, [{ severity: 'warning', code: 'W', message: 'w', line: 9, column: 99 }]);
  assert.ok(far.from <= doc.length && far.to <= doc.length && far.severity === 'warning');
});

test('the operator graph puts each task one column right of its furthest input, edges from box to box', () => {
  // Two sources joined, then a sink: the sink sits right of the join even though it is listed first.
  const plan = {
    vertices: [
      { id: 's', name: 'Sink: out', parallelism: 1 },
      { id: 'a', name: 'Source: a -> Calc', parallelism: 2 },
      { id: 'b', name: 'Source: b', parallelism: 2 },
      { id: 'j', name: 'Join', parallelism: 2 },
    ],
    edges: [
      { source: 'a', target: 'j', shipStrategy: 'HASH' },
      { source: 'b', target: 'j', shipStrategy: 'HASH' },
      { source: 'j', target: 's', shipStrategy: 'FORWARD' },
      { source: 'gone', target: 's', shipStrategy: 'FORWARD' },
    ],
  };
  const g = layout(plan);
  const at = Object.fromEntries(g.nodes.map((n) => [n.id, n]));
  assert.deepEqual([at.a.column, at.b.column, at.j.column, at.s.column], [0, 0, 1, 2]);
  assert.ok(at.b.y >= at.a.y + at.a.height, 'boxes of one column do not overlap');
  assert.equal(g.edges.length, 3, 'an edge from an unknown vertex is left out');
  const join = g.edges.find((e) => e.source === 'j');
  assert.deepEqual([join.x1, join.x2], [at.j.x + at.j.width, at.s.x]);
  assert.ok(g.width >= at.s.x + at.s.width && g.height >= at.b.y + at.b.height);
  assert.deepEqual(at.a.lines, ['Source: a', 'Calc']);
  assert.equal(nameLines('x'.repeat(50))[0].length, 36);
});

test('a jar is sent as base64 of its bytes, also past one chunk', async () => {
  const bytes = Uint8Array.from({ length: 70000 }, (_, i) => (i * 7) % 256);
  assert.equal(await base64({ arrayBuffer: async () => bytes.buffer }), Buffer.from(bytes).toString('base64'));
});

test("completion offers the catalog's tables, their columns and its functions; after a dot, that table's columns", () => {
  const catalog = [
    {
      name: 'orders',
      kind: 'TABLE',
      columns: [
        { name: 'id', type: 'INT' },
        { name: 'amount', type: 'DECIMAL(10, 2)' },
      ],
    },
    { name: 'clicks', kind: 'VIEW', columns: [{ name: 'stale', type: 'INT' }] },
  ];
  const script =
    'CREATE TEMPORARY TABLE clicks (user_id INT) WITH ();\nSELECT o.amount FROM orders AS o JOIN clicks c ON o.id = c.user_id WHERE ';
  const all = completionOptions(script, catalog, ['shout'], null);
  const labels = (options) => options.map((o) => `${o.label}:${o.detail}`);
  assert.deepEqual(labels(all), [
    'clicks:table in this script',
    'user_id:clicks',
    'orders:table',
    'id:orders · INT',
    'amount:orders · DECIMAL(10, 2)',
    'shout:catalog function',
  ]);
  assert.deepEqual(labels(completionOptions(script, catalog, [], 'ORDERS')), [
    'id:orders · INT',
    'amount:orders · DECIMAL(10, 2)',
  ]);
  assert.deepEqual(labels(completionOptions(script, catalog, [], 'o')), [
    'id:orders · INT',
    'amount:orders · DECIMAL(10, 2)',
  ]);
  assert.deepEqual(labels(completionOptions(script, catalog, [], 'c')), ['user_id:clicks']);
  assert.deepEqual(completionOptions(script, catalog, [], 'nothing'), []);
  assert.deepEqual(Object.fromEntries(aliases('SELECT * FROM a WHERE x IN (SELECT y FROM `b` bb) JOIN c ON true')), {
    bb: 'b',
  });
});

test('validations run one at a time, and one whose document changed while it waited is skipped', async () => {
  const view = { state: { doc: 'a' } };
  let running = 0;
  let most = 0;
  const checked = [];
  const lint = oneAtATime(async (v) => {
    running++;
    most = Math.max(most, running);
    const text = v.state.doc;
    await new Promise((resolve) => setTimeout(resolve, 20));
    checked.push(text);
    running--;
    return [text];
  });
  const first = lint(view);
  const stale = lint(view); // asked while the first runs, for a document that then changes
  view.state = { doc: 'ab' };
  const latest = lint(view);
  assert.deepEqual(await Promise.all([first, stale, latest]), [['a'], [], ['ab']]);
  assert.deepEqual(checked, ['a', 'ab']);
  assert.equal(most, 1);
  // A failed check does not stop the next one.
  const failing = oneAtATime(async () => {
    throw new Error('down');
  });
  await assert.rejects(failing(view), /down/);
  await assert.rejects(failing(view), /down/);
});

test('a grid of cell text becomes JSON rows by the columns’ types, and back', () => {
  const grid = {
    columns: [
      { name: 'user_id', type: 'STRING' },
      { name: 'n', type: 'INT NOT NULL' },
      { name: 'amount', type: 'DECIMAL(10, 2)' },
      { name: 'ok', type: 'BOOLEAN' },
      { name: 'tags', type: 'ARRAY<STRING>' },
      { name: 'ts', type: 'TIMESTAMP(3)' },
    ],
    rows: [
      ['u1', '42', '12345678901234.10', 'true', '["a","b"]', '2026-12-07T10:00:01'],
      ['', 'forty', '', 'FALSE', '[oops', ''],
    ],
  };
  const rows = gridToRows(grid, true);
  assert.deepEqual(rows, [
    { user_id: 'u1', n: 42, amount: '12345678901234.10', ok: true, tags: ['a', 'b'], ts: '2026-12-07T10:00:01' },
    // What does not parse goes as typed, so that the gateway names the cell.
    { user_id: null, n: 'forty', amount: null, ok: false, tags: '[oops', ts: null },
  ]);
  assert.deepEqual(gridToRows(grid, false)[1], { n: 'forty', ok: false, tags: '[oops' });
  assert.deepEqual(rowsToGrid(rows.slice(0, 1), grid.columns), { columns: grid.columns, rows: [grid.rows[0]] });
  assert.equal(cellValue('7', 'BIGINT'), '7');
  assert.equal(cellValue(' 1.5 ', 'DOUBLE'), 1.5);
  assert.equal(cellText(null), '');
});

test('a case survives the trip to the scripts API and back, the changelog’s kinds included', () => {
  const shape = {
    inputs: {
      clicks: [
        { name: 'user_id', type: 'STRING' },
        { name: 'ts', type: 'TIMESTAMP(3)' },
      ],
    },
    columns: [
      { name: 'user_id', type: 'STRING' },
      { name: 'clicks', type: 'BIGINT' },
    ],
  };
  let model = reshape(emptyCase('two clicks'), shape);
  model.inputs.clicks.rows.push(['u1', '2026-12-07T10:00:01'], ['u1', '']);
  model.expected.rows.push(['u1', '1'], ['u1', '2']);
  model = withChangelog(model, true);
  model.expected.rows[1][0] = '-U';
  model.ordered = true;
  const saved = toCase(model);
  assert.deepEqual(saved, {
    name: 'two clicks',
    inputs: { clicks: [{ user_id: 'u1', ts: '2026-12-07T10:00:01' }, { user_id: 'u1' }] },
    expected: [
      { kind: '+I', row: { user_id: 'u1', clicks: '1' } },
      { kind: '-U', row: { user_id: 'u1', clicks: '2' } },
    ],
    ordered: true,
    changelog: true,
  });
  assert.deepEqual(fromCase(JSON.parse(JSON.stringify(saved)), shape), model);
  // Saved before the script was described: the columns come from the rows.
  assert.deepEqual(fromCase(saved, null).inputs.clicks.columns, [
    { name: 'user_id', type: '' },
    { name: 'ts', type: '' },
  ]);
  assert.deepEqual(withChangelog(model, false).expected.rows, [
    ['u1', '1'],
    ['u1', '2'],
  ]);
});

test('a script whose columns changed keeps each cell under its column’s name', () => {
  const grid = {
    columns: [
      { name: 'a', type: 'INT' },
      { name: 'b', type: 'INT' },
    ],
    rows: [['1', '2']],
  };
  assert.deepEqual(
    regrid(grid, [
      { name: 'b', type: 'BIGINT' },
      { name: 'c', type: 'STRING' },
    ]).rows,
    [['2', '']],
  );
});

test('the differences mark unexpected rows among the actual ones and add the missing ones', () => {
  const columns = [
    { name: 'user_id', type: 'STRING' },
    { name: 'clicks', type: 'BIGINT' },
  ];
  const view = diffView(
    {
      passed: false,
      columns,
      actual: [
        { user_id: 'u1', clicks: '1' },
        { user_id: 'u1', clicks: '1' },
        { user_id: 'u2', clicks: null },
      ],
      missing: [{ user_id: 'u1', clicks: '2' }],
      unexpected: [{ user_id: 'u1', clicks: '1' }],
      diagnostics: [],
    },
    false,
  );
  assert.deepEqual(view, {
    columns: ['user_id', 'clicks'],
    rows: [
      { mark: 'unexpected', cells: ['u1', '1'] },
      { mark: 'ok', cells: ['u1', '1'] },
      { mark: 'ok', cells: ['u2', ''] },
      { mark: 'missing', cells: ['u1', '2'] },
    ],
  });
  const changes = diffView(
    {
      columns,
      actual: [{ kind: '+I', row: { user_id: 'u1', clicks: '1' } }],
      missing: [{ kind: '+U', row: { user_id: 'u1', clicks: '2' } }],
      unexpected: [],
    },
    true,
  );
  assert.deepEqual(changes.columns, ['kind', 'user_id', 'clicks']);
  assert.deepEqual(changes.rows[1], { mark: 'missing', cells: ['+U', 'u1', '2'] });
});

test("a refusal's field points at the grid cell to fix", () => {
  assert.deepEqual(fieldPlace('inputs.clicks[2].ts'), { grid: 'inputs', table: 'clicks', row: 2, column: 'ts' });
  assert.deepEqual(fieldPlace('inputs.db.clicks[0]'), { grid: 'inputs', table: 'db.clicks', row: 0, column: null });
  assert.deepEqual(fieldPlace('inputs.clickz'), { grid: 'inputs', table: 'clickz', row: null, column: null });
  assert.deepEqual(fieldPlace('expected[1].row.clicks'), { grid: 'expected', table: null, row: 1, column: 'clicks' });
  assert.deepEqual(fieldPlace('expected[0].kind'), { grid: 'expected', table: null, row: 0, column: 'kind' });
  assert.equal(fieldPlace('sql'), null);
  assert.equal(fieldPlace(undefined), null);
});

/** Runs {@code work} with fetch answering {@code status} and recording each request it was sent. */
async function recordingFetch(status, work) {
  const sent = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url, init) => {
    sent.push({ url, method: init.method, keepalive: init.keepalive, authorization: init.headers.Authorization });
    return new Response(status === 204 ? null : '{"error": {"code": "NOT_FOUND", "message": "gone"}}', { status });
  };
  try {
    await work();
  } finally {
    globalThis.fetch = realFetch;
  }
  return sent;
}

test('Stop and leaving the page cancel the query with a request that outlives the page', async () => {
  const api = new Api();
  api.signIn('tok-1');
  const sent = await recordingFetch(204, () => cancelStatement(api, 'st-1'));
  assert.deepEqual(sent, [
    { url: '/api/v1/statements/st-1', method: 'DELETE', keepalive: true, authorization: 'Bearer tok-1' },
  ]);
});

test('cancelling a query that is gone already is not an error', async () => {
  const api = new Api();
  api.signIn('tok-1');
  const sent = await recordingFetch(404, () => cancelStatement(api, 'st-2'));
  assert.equal(sent.length, 1);
});

test('other requests are not kept alive past the page', async () => {
  const api = new Api();
  api.signIn('tok-1');
  const sent = await recordingFetch(204, () => api.delete('/scripts/s-1'));
  assert.equal(sent[0].keepalive, false);
});

const SCRIPT = `CREATE TEMPORARY TABLE t (s STRING) WITH ('connector' = 'datagen');

-- the rows; a ; in a comment is no end
SELECT 'a;b' AS "x;y" FROM t;
EXECUTE STATEMENT SET BEGIN
  INSERT INTO u SELECT s FROM t;
  INSERT INTO v SELECT s FROM t;
END;
SELECT 1`;

test('a script splits at the semicolons that end statements, as the gateway splits it', () => {
  const statements = splitStatements(SCRIPT);
  assert.deepEqual(
    statements.map((s) => s.sql.split('\n')[0]),
    [
      "CREATE TEMPORARY TABLE t (s STRING) WITH ('connector' = 'datagen')",
      '-- the rows; a ; in a comment is no end',
      'EXECUTE STATEMENT SET BEGIN',
      'SELECT 1',
    ],
  );
  assert.equal(SCRIPT.slice(statements[1].from, statements[1].to), statements[1].sql);
  assert.ok(statements[2].sql.endsWith('END'));
  assert.deepEqual(splitStatements(' -- only a comment\n ;  ;\n'), []);
  assert.deepEqual(splitStatements("SELECT 'it''s; fine'").length, 1);
});

test('the statement at the cursor is the one it is in, else the one before it, else the first', () => {
  const at = (needle, offset = 0) =>
    statementAt(SCRIPT, SCRIPT.indexOf(needle) + offset)
      .sql.split('\n')
      .pop();
  assert.equal(at("'a;b'"), `SELECT 'a;b' AS "x;y" FROM t`);
  assert.equal(at('INSERT INTO v'), 'END');
  assert.equal(at('SELECT 1', 8), 'SELECT 1');
  // Just after a statement's ; and on the blank line below it: that statement.
  const create = SCRIPT.indexOf(';');
  assert.match(statementAt(SCRIPT, create + 1).sql, /^CREATE/);
  assert.match(statementAt(SCRIPT, create + 2).sql, /^CREATE/);
  assert.match(statementAt('\n\n  SELECT 2;', 0).sql, /^SELECT 2/);
  assert.equal(statementAt('  -- nothing  ', 3), null);
});

test('a statement sent alone keeps its line and column in the script', () => {
  const text = 'SELECT 1;\r\n  SELECT nope\nFROM t;';
  const second = splitStatements(text)[1];
  const sent = inPlace(text, second);
  assert.equal(sent.trim(), 'SELECT nope\nFROM t');
  assert.equal(sent.indexOf('SELECT nope'), text.indexOf('SELECT nope'));
  assert.equal(sent.split(/\r?\n/).length, text.split(/\r?\n/).length);
});

/** A Storage as the browser's localStorage behaves, in memory. */
class MemoryStorage {
  #items = new Map();
  getItem(key) {
    return this.#items.has(key) ? this.#items.get(key) : null;
  }
  setItem(key, value) {
    this.#items.set(key, String(value));
  }
}

test('tabs open, switch and close, each with its own script and saved script', () => {
  let state = freshTabs('SELECT 1');
  const first = state.active;
  let second;
  ({ state, id: second } = addTab(state, 'SELECT 2'));
  assert.equal(state.active, second);
  state = updateTab(state, second, { sql: 'SELECT 22', scriptId: 's-1', scriptName: 'clicks' });
  assert.deepEqual(
    state.tabs.map((t) => [t.sql, tabLabel(t)]),
    [
      ['SELECT 1', 'Untitled 1'],
      ['SELECT 22', 'clicks'],
    ],
  );
  state = activate(state, first);
  assert.equal(activeTab(state).sql, 'SELECT 1');
  assert.equal(activate(state, 'no-such-tab'), state);
  // Closing the active tab makes its right neighbour active, else its left one.
  const third = addTab(state, '').id;
  state = addTab(state, '').state;
  state = closeTab(activate(state, second), second);
  assert.equal(state.active, third);
  state = closeTab(state, third);
  assert.equal(state.active, first);
  // The last one closed leaves one empty tab, numbered on.
  state = closeTab(state, first);
  assert.equal(state.tabs.length, 1);
  assert.equal(activeTab(state).sql, '');
  assert.equal(tabLabel(activeTab(state)), 'Untitled 4');
});

test('tabs are kept per user across a reload, and an unreadable store starts afresh', () => {
  const storage = new MemoryStorage();
  const key = storageKey({ tenant: 'acme', name: 'ana' });
  assert.notEqual(key, storageKey({ tenant: 'acme', name: 'bob' }));
  assert.deepEqual(
    loadTabs(storage, key, 'SELECT 0').tabs.map((t) => t.sql),
    ['SELECT 0'],
  );
  let state = addTab(freshTabs('SELECT 1'), 'SELECT 2', { scriptId: 's-9', scriptName: 'saved' }).state;
  state = activate(state, state.tabs[0].id);
  assert.ok(saveTabs(storage, key, state));
  const loaded = loadTabs(storage, key, 'SELECT 0');
  assert.deepEqual(loaded, state);
  // A tab opened after the reload is numbered after the kept ones.
  assert.equal(tabLabel(activeTab(addTab(loaded, '').state)), 'Untitled 3');
  storage.setItem(key, '{not json');
  assert.deepEqual(
    loadTabs(storage, key, 'SELECT 0').tabs.map((t) => t.sql),
    ['SELECT 0'],
  );
  storage.setItem(key, JSON.stringify({ tabs: [{ id: 'x' }] }));
  assert.equal(loadTabs(storage, key, 'SELECT 0').tabs[0].sql, 'SELECT 0');
  const full = {
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
  };
  assert.equal(saveTabs(full, key, state), false);
});

test('the history shows durations and statements as people read them', () => {
  assert.deepEqual([null, 840, 3240, 245000, 7380000].map(formatDuration), [
    'running',
    '840 ms',
    '3.2 s',
    '4 min 05 s',
    '2 h 03 min',
  ]);
  assert.equal(firstLine('\n-- why\n  SELECT a,\n  b FROM t'), 'SELECT a,');
  assert.equal(firstLine('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
});

test('validations name their editor, so its newer one supersedes its older one waiting on the gateway', () => {
  assert.equal(validatePath(false, 'console-a1'), '/statements:validate?lints=false&editor=console-a1');
  assert.equal(validatePath(true, 'console-a1'), '/statements:validate?editor=console-a1');
  const id = newEditorId();
  assert.match(id, /^[A-Za-z0-9_-]{1,64}$/); // what the gateway accepts
  assert.notEqual(id, newEditorId());
});
