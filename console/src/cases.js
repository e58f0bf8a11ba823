// Statement test cases as the Tests panel edits them (grids of cell text) and as the API takes them (JSON rows), and
// a test's answer as rows marked missing or unexpected. No DOM here, so node --test checks it all.

/** A kind column leads the expected grid when a case compares the changelog. */
export const KIND = { name: 'kind', type: 'KIND' };
export const KINDS = ['+I', '-U', '+U', '-D'];

function baseType(type) {
  return String(type || '')
    .toUpperCase()
    .replace(/\s+NOT NULL$/, '');
}

/**
 * A cell's text as the JSON value the API reads for the column's type: an empty cell is NULL; exact numbers (BIGINT,
 * DECIMAL) stay text, as the API writes them; other numbers, booleans and nested values (ARRAY, MAP, ROW) are parsed.
 * Text that does not parse is sent as it is, so that the gateway names the cell that is wrong.
 */
export function cellValue(text, type) {
  if (text === '') return null;
  const base = baseType(type);
  const trimmed = text.trim();
  if (/^(TINYINT|SMALLINT|INT|INTEGER|FLOAT|DOUBLE|REAL)\b/.test(base)) {
    return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : text;
  }
  if (/^(BIGINT|DECIMAL|NUMERIC|DEC)\b/.test(base)) return trimmed;
  if (/^BOOLEAN\b/.test(base)) {
    if (/^true$/i.test(trimmed)) return true;
    if (/^false$/i.test(trimmed)) return false;
    return text;
  }
  if (/^(ARRAY|MAP|ROW|MULTISET)\b/.test(base)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

/** A JSON value as a cell's text: NULL is an empty cell, nested values are JSON. */
export function cellText(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A grid's rows as objects of values by column name; {@code keepNulls} false leaves NULL columns out. */
export function gridToRows(grid, keepNulls) {
  return grid.rows.map((cells) => {
    const row = {};
    grid.columns.forEach((column, i) => {
      const value = cellValue(cells[i] ?? '', column.type);
      if (value !== null || keepNulls) row[column.name] = value;
    });
    return row;
  });
}

/**
 * Rows (objects by column name) as a grid of {@code columns}. A name the rows hold that the columns lack is kept as a
 * column of its own, so a case saved against an older script loses nothing.
 */
export function rowsToGrid(rows, columns) {
  const all = [...columns];
  for (const row of rows)
    for (const name of Object.keys(row)) if (!all.some((c) => c.name === name)) all.push({ name, type: '' });
  return { columns: all, rows: rows.map((row) => all.map((c) => cellText(row[c.name]))) };
}

/** The grid again with {@code columns}, each cell kept under its column's name (cells of dropped columns go). */
export function regrid(grid, columns) {
  return {
    columns,
    rows: grid.rows.map((cells) =>
      columns.map((column) => {
        const i = grid.columns.findIndex((c) => c.name === column.name);
        return i < 0 ? '' : (cells[i] ?? '');
      }),
    ),
  };
}

export function emptyCase(name) {
  return { name, inputs: {}, expected: { columns: [], rows: [] }, ordered: false, changelog: false };
}

/** A case of the panel as the API's case: {name, inputs, expected, ordered, changelog}. */
export function toCase(model) {
  const inputs = {};
  for (const [table, grid] of Object.entries(model.inputs)) inputs[table] = gridToRows(grid, false);
  let expected;
  if (model.changelog) {
    const rest = { columns: model.expected.columns.slice(1), rows: model.expected.rows.map((r) => r.slice(1)) };
    expected = gridToRows(rest, true).map((row, i) => ({ kind: model.expected.rows[i][0] || '+I', row }));
  } else {
    expected = gridToRows(model.expected, true);
  }
  return { name: model.name, inputs, expected, ordered: model.ordered, changelog: model.changelog };
}

/** An API case (saved with a script) as the panel's, its grids of the columns {@code shape} describes when known. */
export function fromCase(json, shape) {
  const inputs = {};
  const tables = new Set([...Object.keys(shape?.inputs || {}), ...Object.keys(json.inputs || {})]);
  for (const table of tables) inputs[table] = rowsToGrid(json.inputs?.[table] || [], shape?.inputs?.[table] || []);
  const changelog = Boolean(json.changelog);
  const rows = json.expected || [];
  let expected;
  if (changelog) {
    const grid = rowsToGrid(
      rows.map((r) => r.row || {}),
      shape?.columns || [],
    );
    expected = {
      columns: [KIND, ...grid.columns],
      rows: grid.rows.map((cells, i) => [rows[i].kind || '+I', ...cells]),
    };
  } else {
    expected = rowsToGrid(rows, shape?.columns || []);
  }
  return { name: json.name || 'case', inputs, expected, ordered: Boolean(json.ordered), changelog };
}

/**
 * The case's grids with the columns of {@code shape} (statements:describeTest's answer): a grid per table the
 * statement reads, the expected grid of its result's columns; cells are kept by column name.
 */
export function reshape(model, shape) {
  const inputs = {};
  for (const [table, columns] of Object.entries(shape.inputs))
    inputs[table] = regrid(model.inputs[table] || { columns: [], rows: [] }, columns);
  const expected = regrid(model.expected, model.changelog ? [KIND, ...shape.columns] : shape.columns);
  return { ...model, inputs, expected };
}

/** Turns the changelog's kind column on or off: on, each row is an insertion (+I) to begin with. */
export function withChangelog(model, on) {
  if (on === model.changelog) return model;
  const expected = on
    ? { columns: [KIND, ...model.expected.columns], rows: model.expected.rows.map((r) => ['+I', ...r]) }
    : { columns: model.expected.columns.slice(1), rows: model.expected.rows.map((r) => r.slice(1)) };
  return { ...model, changelog: on, expected };
}

/**
 * A test's answer as one table: what the statement produced, the unexpected rows among it marked so, then the
 * expected rows it did not produce, marked missing. Each row: {mark: 'ok'|'unexpected'|'missing', cells}, with the
 * change's kind first when the test compared the changelog.
 */
export function diffView(answer, changelog) {
  const names = answer.columns.length
    ? answer.columns.map((c) => c.name)
    : [...new Set([...answer.missing, ...answer.unexpected].flatMap((r) => Object.keys(changelog ? r.row : r)))];
  const key = (row) => JSON.stringify(row);
  const unexpected = new Map();
  for (const row of answer.unexpected) unexpected.set(key(row), (unexpected.get(key(row)) || 0) + 1);
  const cells = (row) =>
    changelog ? [row.kind, ...names.map((n) => cellText(row.row[n]))] : names.map((n) => cellText(row[n]));
  const rows = answer.actual.map((row) => {
    const left = unexpected.get(key(row)) || 0;
    if (left) unexpected.set(key(row), left - 1);
    return { mark: left ? 'unexpected' : 'ok', cells: cells(row) };
  });
  // With ordered, an unexpected row may differ only in its place: it is among the actual rows all the same.
  for (const row of answer.missing) rows.push({ mark: 'missing', cells: cells(row) });
  return { columns: changelog ? ['kind', ...names] : names, rows };
}

/**
 * Where an API error's field points in the panel: an input table's row and column ({@code inputs.clicks[2].ts}), an
 * input table ({@code inputs.clickz}), an expected row's column ({@code expected[0].row.clicks}); null otherwise.
 */
export function fieldPlace(field) {
  if (!field) return null;
  let m = /^inputs\.(.+?)\[(\d+)\](?:\.(.+))?$/.exec(field);
  if (m) return { grid: 'inputs', table: m[1], row: Number(m[2]), column: m[3] ?? null };
  m = /^inputs\.(.+)$/.exec(field);
  if (m) return { grid: 'inputs', table: m[1], row: null, column: null };
  m = /^expected\[(\d+)\](?:\.row)?(?:\.(.+))?$/.exec(field);
  if (m) return { grid: 'expected', table: null, row: Number(m[1]), column: m[2] ?? null };
  return null;
}
