// The editor's Tests panel: a script's test cases (input rows per table the statement reads, the rows it should
// produce) as editable grids, run with POST /statements:test, the differences shown row by row.
import { h, fill, showError } from './dom.js';
import { KINDS, diffView, emptyCase, fieldPlace, fromCase, reshape, toCase, withChangelog } from './cases.js';

/**
 * @param getSql returns the editor's script
 * @returns {cases(), load(cases)}: the cases as the scripts API stores them, and loading a saved script's
 */
export function testsPanel(container, { api, getSql }) {
  let cases = [emptyCase('case 1')];
  let selected = 0;
  let shape = null; // statements:describeTest's answer for the script as it was last described
  let describedSql = null;
  const body = h('div');
  const results = h('div', { class: 'test-results', role: 'status', 'aria-live': 'polite' });

  fill(container, h('h2', {}, 'Tests'), body, results);
  render();

  /** Reads the columns of each table the statement reads and of its result, once per version of the script. */
  async function describe() {
    const sql = getSql();
    if (sql === describedSql) return shape;
    const answer = await api.post('/statements:describeTest', { sql });
    if (!answer.valid) {
      const first = answer.diagnostics.find((d) => d.severity === 'error') || answer.diagnostics[0];
      throw Object.assign(new Error(`The script has errors: ${first ? placed(first) : 'see the editor'}`), {
        hint: 'Fix the script to fill the grids with its columns.',
      });
    }
    shape = answer;
    describedSql = sql;
    cases = cases.map((c) => reshape(c, shape));
    return shape;
  }

  async function fillColumns() {
    fill(results, 'Reading the columns…');
    try {
      await describe();
      fill(results);
    } catch (error) {
      showError(results, error);
    }
    render();
  }

  function render(focus) {
    const model = cases[selected];
    const picker = h(
      'select',
      { id: 'test-case-picker' },
      cases.map((c, i) => h('option', { value: String(i), selected: i === selected }, c.name)),
    );
    picker.addEventListener('change', () => {
      selected = Number(picker.value);
      render();
    });
    const name = h('input', { id: 'test-case-name', value: model.name });
    name.addEventListener('input', () => {
      model.name = name.value;
      picker.options[selected].textContent = name.value;
    });
    const switchBox = (label, checked, onChange) => {
      const box = h('input', { type: 'checkbox', role: 'switch', checked });
      box.addEventListener('change', () => onChange(box.checked));
      return h('label', { class: 'inline' }, box, ` ${label}`);
    };
    const tables = Object.entries(model.inputs);
    fill(
      body,
      h(
        'div',
        { class: 'toolbar' },
        h('label', { for: 'test-case-picker' }, 'Case'),
        picker,
        h('button', { type: 'button', onclick: addCase }, 'New case'),
        h('button', { type: 'button', onclick: removeCase, disabled: cases.length === 1 }, 'Delete case'),
      ),
      h('div', { class: 'field' }, h('label', { for: 'test-case-name' }, 'Case name'), name),
      h(
        'div',
        { class: 'toolbar' },
        h('button', { type: 'button', onclick: fillColumns }, 'Fill columns from the script'),
      ),
      tables.length
        ? tables.map(([table, grid]) => gridEditor(`Input ${table}`, grid, { table }))
        : h('p', {}, 'Fill the columns from the script to get a grid for each table the statement reads.'),
      gridEditor('Expected rows', model.expected, { expected: true }),
      h(
        'div',
        { class: 'toolbar' },
        switchBox('Ordered', model.ordered, (on) => {
          model.ordered = on;
        }),
        switchBox('Changelog', model.changelog, (on) => {
          cases[selected] = withChangelog(model, on);
          render();
        }),
        h('button', { type: 'button', class: 'primary', onclick: run }, 'Run tests'),
      ),
    );
    if (focus) body.querySelector(focus)?.focus();
  }

  /** One grid: a column per name (its type under it), a row of cells per row, a button to add and to remove rows. */
  function gridEditor(title, grid, { table, expected }) {
    const where = table ?? 'expected';
    const cellId = (r, c) => `cell-${encodeURIComponent(where)}-${r}-${c}`;
    const addRow = (focus) => {
      grid.rows.push(
        grid.columns.map((c) => (c === grid.columns[0] && expected && cases[selected].changelog ? '+I' : '')),
      );
      render(focus ? `#${CSS.escape(cellId(grid.rows.length - 1, 0))}` : null);
    };
    const cell = (cells, r, c) => {
      const column = grid.columns[c];
      const label = `${title} row ${r + 1} ${column.name}`;
      const input =
        column.type === 'KIND'
          ? h(
              'select',
              { id: cellId(r, c), 'aria-label': label },
              KINDS.map((k) => h('option', { selected: cells[c] === k }, k)),
            )
          : h('input', { id: cellId(r, c), value: cells[c] ?? '', 'aria-label': label, placeholder: 'NULL' });
      input.addEventListener('input', () => {
        cells[c] = input.value;
        input.removeAttribute('aria-invalid');
      });
      input.addEventListener('change', () => {
        cells[c] = input.value;
      });
      // Enter in the last row adds a row below and moves to it, as in a spreadsheet.
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && r === grid.rows.length - 1) {
          event.preventDefault();
          addRow(true);
        }
      });
      input.dataset.place = `${where}|${r}|${column.name}`;
      return h('td', {}, input);
    };
    return h(
      'fieldset',
      { class: 'grid', 'data-grid': where },
      h('legend', {}, title),
      grid.columns.length
        ? h(
            'div',
            { class: 'table-area' },
            h(
              'table',
              {},
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  grid.columns.map((c) =>
                    h(
                      'th',
                      { scope: 'col' },
                      c.name,
                      c.type && c.type !== 'KIND' ? h('small', {}, ` ${c.type}`) : null,
                    ),
                  ),
                  h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Remove')),
                ),
              ),
              h(
                'tbody',
                {},
                grid.rows.map((cells, r) =>
                  h(
                    'tr',
                    {},
                    grid.columns.map((_, c) => cell(cells, r, c)),
                    h(
                      'td',
                      {},
                      h(
                        'button',
                        {
                          type: 'button',
                          'aria-label': `Remove ${title} row ${r + 1}`,
                          onclick: () => {
                            grid.rows.splice(r, 1);
                            render();
                          },
                        },
                        '×',
                      ),
                    ),
                  ),
                ),
              ),
            ),
          )
        : null,
      h(
        'button',
        { type: 'button', onclick: () => addRow(true), disabled: !grid.columns.length },
        `Add row to ${title}`,
      ),
    );
  }

  function addCase() {
    const fresh = emptyCase(`case ${cases.length + 1}`);
    cases.push(shape ? reshape(fresh, shape) : fresh);
    selected = cases.length - 1;
    render('#test-case-name');
  }

  function removeCase() {
    cases.splice(selected, 1);
    selected = Math.max(0, selected - 1);
    render();
  }

  /** Runs every case, one after the other, and shows each verdict; the differences of those that failed. */
  async function run() {
    fill(results, 'Running…');
    try {
      await describe();
    } catch (error) {
      showError(results, error);
      return;
    }
    render();
    const sql = getSql();
    const verdicts = [];
    for (let i = 0; i < cases.length; i++) {
      const test = toCase(cases[i]);
      try {
        const answer = await api.post('/statements:test', {
          sql,
          inputs: test.inputs,
          expected: test.expected,
          ordered: test.ordered,
          changelog: test.changelog,
        });
        verdicts.push(verdict(test, answer));
      } catch (error) {
        if (i === selected) markField(error.field, error.message);
        verdicts.push(refused(test, error));
      }
    }
    const failed = verdicts.filter((v) => v.dataset.passed !== 'true').length;
    fill(
      results,
      h(
        'p',
        { class: failed ? 'error' : 'ok', 'data-summary': failed ? 'failed' : 'passed' },
        failed ? `${failed} of ${verdicts.length} case(s) failed` : `All ${verdicts.length} case(s) passed`,
      ),
      verdicts,
    );
  }

  function verdict(test, answer) {
    const view = diffView(answer, test.changelog);
    const errors = answer.diagnostics.filter((d) => d.severity === 'error');
    return h(
      'section',
      {
        class: `verdict ${answer.passed ? 'passed' : 'failed'}`,
        'data-passed': String(answer.passed),
        'aria-label': `Case ${test.name}`,
      },
      h('h3', {}, `${test.name}: ${answer.passed ? 'passed' : 'failed'}`),
      answer.diagnostics.length
        ? h(
            'ul',
            { class: 'diagnostics' },
            answer.diagnostics.map((d) => h('li', { class: d.severity === 'error' ? 'error' : 'flagged' }, placed(d))),
          )
        : null,
      !view.rows.length && !errors.length ? h('p', {}, 'No rows, as expected.') : null,
      view.rows.length
        ? h(
            'table',
            { class: 'diff' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, ''),
                view.columns.map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              view.rows.map((row) =>
                h(
                  'tr',
                  { class: row.mark, 'data-mark': row.mark },
                  h('td', { class: 'mark' }, { ok: '', missing: '− missing', unexpected: '+ unexpected' }[row.mark]),
                  row.cells.map((c) => h('td', {}, c === '' ? h('i', {}, 'NULL') : c)),
                ),
              ),
            ),
          )
        : null,
    );
  }

  function refused(test, error) {
    return h(
      'section',
      { class: 'verdict failed', 'data-passed': 'false', 'aria-label': `Case ${test.name}` },
      h('h3', {}, `${test.name}: not run`),
      h(
        'p',
        { class: 'error', role: 'alert' },
        error.field ? `${error.field}: ` : '',
        error.message,
        error.hint ? h('div', { class: 'hint' }, error.hint) : null,
      ),
    );
  }

  /** Marks the cell (or the grid) a refusal names, so the analyst sees where to fix it. */
  function markField(field, message) {
    const place = fieldPlace(field);
    if (!place) return;
    const where = place.grid === 'inputs' ? place.table : 'expected';
    for (const input of body.querySelectorAll('[data-place]')) {
      const [grid, row, column] = input.dataset.place.split('|');
      const rowMatches = place.row === null || Number(row) === place.row;
      const columnMatches = place.column === null || column === place.column;
      if (grid === where && rowMatches && columnMatches) {
        input.setAttribute('aria-invalid', 'true');
        input.title = message;
      }
    }
  }

  return {
    cases: () => cases.map(toCase),
    load(saved) {
      cases = saved && saved.length ? saved.map((c) => fromCase(c, shape)) : [emptyCase('case 1')];
      selected = 0;
      fill(results);
      render();
    },
  };
}

/** A diagnostic with its place in the script. */
function placed(d) {
  return d.line ? `line ${d.line}, column ${d.column}: ${d.message}` : d.message;
}
