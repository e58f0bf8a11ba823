// The console's browser tests: Debian's Chromium (never a downloaded one), driven by playwright-core, against a real
// running gateway. Run by ConsoleBrowserTest (tests/ module, so in ./sluice test), or by hand:
//   SLUICE_URL=http://127.0.0.1:8080 SLUICE_ADMIN_TOKEN=... SLUICE_UDF_JARS=dir node test/browser.mjs
// where dir holds v1.jar and v2.jar, two versions of a Java scalar function console.Tag(STRING) that append -v1 and -v2.
// Screenshots of each page go to SLUICE_SCREENSHOTS (default ../docs/console).
import { mkdirSync } from 'node:fs';
import { launch } from './chromium.mjs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const url = required('SLUICE_URL');
const adminToken = required('SLUICE_ADMIN_TOKEN');
const udfJars = required('SLUICE_UDF_JARS');
const shots = process.env.SLUICE_SCREENSHOTS || join(here, '..', '..', 'docs', 'console');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const unique = Date.now().toString(36);

function required(name) {
  if (!process.env[name]) {
    console.error(`browser.mjs: set ${name}`);
    process.exit(2);
  }
  return process.env[name];
}

async function api(method, path, body, token = adminToken) {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// ---- steps ----

const steps = [];
const step = (name, fn) => steps.push({ name, fn });

async function signIn(page, token) {
  await page.goto(url);
  const input = page.getByLabel('Token');
  await input.waitFor();
  check(await input.evaluate((el) => el === document.activeElement), 'the token field has the focus on load');
  await input.fill(token);
  await page.keyboard.press('Enter'); // keyboard only: the form submits on Enter
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Token').waitFor();
}

/** Replaces the editor's script as typing would (CodeMirror listens to input events). */
async function setScript(page, text) {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** axe-core's serious and critical findings on the page as it is now (labels, contrast, roles, names). */
async function accessibility(page, what) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join('; ')})`,
      );
  });
  check(result.length === 0, `${what}: accessibility violations:\n  ${result.join('\n  ')}`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

const CLICKS = `CREATE TEMPORARY TABLE clicks (
  user_id INT,
  url STRING,
  ts AS LOCALTIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen', 'rows-per-second' = '50', 'fields.user_id.min' = '1', 'fields.user_id.max' = '5', 'fields.url.length' = '4');
`;
const TYPO = `${CLICKS}
SELECT user_idd, COUNT(*) AS clicks FROM clicks GROUP BY user_id;`;
const WINDOWED = `${CLICKS}
SELECT window_start, window_end, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' SECOND))
GROUP BY window_start, window_end;`;

const PER_USER = `${CLICKS}
SELECT window_start, user_id, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' SECOND))
GROUP BY window_start, window_end, user_id;`;

let analystToken;
const fn = `shout_${unique}`;
const tenant = `console-${unique}`;

step('sign in with the keyboard; the token stays out of the URL and of storage', async (page) => {
  await page.goto(url);
  await page.getByLabel('Token').waitFor();
  await accessibility(page, 'sign-in page');
  await shot(page, 'sign-in');
  // A wrong token is refused with the gateway's message.
  await page.getByLabel('Token').fill('not-a-token');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').waitFor();
  await signIn(page, adminToken);
  check(!page.url().includes(adminToken), 'the token is not in the URL');
  const stored = await page.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
  );
  check(!stored.includes(adminToken), 'the token is not in local or session storage or a cookie');
  // Focus order follows the page: Tab walks the navigation in the order shown, then the account, then the page.
  await page.getByRole('button', { name: 'Editor' }).focus();
  const order = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    order.push(
      await page.evaluate(
        () => document.activeElement.textContent || document.activeElement.getAttribute('aria-label'),
      ),
    );
  }
  check(order.slice(0, 6).join(',') === 'Jobs,Functions,Approvals,Quotas,Audit log,Sign out', `focus order: ${order}`);
  await page.reload();
  await page.getByLabel('Token').waitFor(); // memory only: a reload asks again
  await signIn(page, adminToken);
});

step('an unknown column is underlined where it is, with the suggestion on hover', async (page) => {
  await setScript(page, TYPO);
  const underline = page.locator('.cm-lintRange-error').first();
  await underline.waitFor({ timeout: 15000 });
  check(
    (await underline.textContent()) === 'user_idd',
    `the underline covers the unknown column, not "${await underline.textContent()}"`,
  );
  await underline.hover();
  const tooltip = page.locator('.cm-tooltip-lint');
  await tooltip.waitFor();
  const text = await tooltip.textContent();
  check(
    /user_idd/.test(text) && /user_id\b/.test(text.replace('user_idd', '')),
    `the tooltip names the column and suggests user_id: ${text}`,
  );
  check(/error/.test(await page.locator('.validation').textContent()), 'the status line counts the error');
  await shot(page, 'editor-diagnostic');
});

step('completion offers the tables and columns the script declares', async (page) => {
  await setScript(page, `${CLICKS}\nSELECT user_`);
  await page.keyboard.press('Control+Space');
  const options = page.locator('.cm-tooltip-autocomplete li');
  await options.first().waitFor();
  const labels = await options.allTextContents();
  check(
    labels.some((l) => l.startsWith('user_id')),
    `completion offers user_id: ${labels}`,
  );
  // CodeMirror ignores Enter for its interactionDelay (75 ms) after the list opens, so a fast Enter would be lost.
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
  await page
    .waitForFunction(() => document.querySelector('.cm-content').textContent.includes('SELECT user_id'), null, {
      timeout: 5000,
    })
    .catch(() => {});
  const text = await page.locator('.cm-content').textContent();
  check(text.includes('SELECT user_id'), `Enter accepts the completion: ${text.slice(-40)} (offered ${labels})`);
});

step(
  "completion offers the catalog's tables and, after a table's name or alias and a dot, its columns",
  async (page) => {
    const table = `orders_${unique}`;
    await api('POST', '/statements', {
      sql: `CREATE TABLE ${table} (order_id INT, amount DOUBLE) WITH ('connector' = 'datagen')`,
    });
    // Opening the editor reads the catalog.
    await page.getByRole('button', { name: 'Jobs' }).click();
    await page.getByRole('button', { name: 'Editor' }).click();
    await setScript(page, 'SELECT * FROM orders_');
    await page.keyboard.press('Control+Space');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await options.first().waitFor();
    check(
      (await options.allTextContents()).some((l) => l.startsWith(table)),
      `completion offers the catalog table ${table}`,
    );
    await setScript(page, `SELECT o.am FROM ${table} AS o`);
    await page.keyboard.press('Home');
    for (let i = 0; i < 'SELECT o.am'.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Control+Space');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.cm-tooltip-autocomplete li')].some((li) => li.textContent.startsWith('amount')),
      null,
      { timeout: 5000 },
    );
    const labels = await options.allTextContents();
    check(
      labels.length === 1 && labels[0].includes('DOUBLE'),
      `after o. only the table's matching columns, with their types: ${labels}`,
    );
    await shot(page, 'editor-completion');
    await page.waitForTimeout(200); // CodeMirror's interactionDelay, as above
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('.cm-content').textContent.includes('SELECT o.amount FROM'),
      null,
      { timeout: 5000 },
    );
  },
);

step('the fixed script validates and shows its estimate and the quota left', async (page) => {
  await setScript(page, TYPO.replace('user_idd', 'user_id'));
  await page.waitForFunction(() => document.querySelector('.validation').dataset.state === 'valid', null, {
    timeout: 15000,
  });
  check((await page.locator('.cm-lintRange-error').count()) === 0, 'no underline left');
  await page.getByRole('button', { name: 'Estimate', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Estimate' });
  await panel.getByText('CPU cores').waitFor({ timeout: 20000 });
  await panel.getByText('quota left').waitFor();
  await panel.getByLabel('clicks events/s').fill('5000');
  await panel.getByRole('button', { name: 'Re-estimate' }).click();
  await panel.locator('details').first().waitFor();
  await accessibility(page, 'editor page');
  await shot(page, 'editor-estimate');
});

const TAPS = `CREATE TEMPORARY TABLE taps (
  user_id STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');

SELECT user_id, window_start, COUNT(*) AS taps
FROM TABLE(TUMBLE(TABLE taps, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY user_id, window_start, window_end;`;

/** Types a grid's rows with the keyboard: Tab to the next cell, Enter in the last row for a new one. */
async function typeRows(page, grid, rows) {
  await page.getByRole('button', { name: `Add row to ${grid}` }).click(); // focuses the new row's first cell
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < rows[r].length; c++) {
      if (c > 0) await page.keyboard.press('Tab');
      await page.keyboard.insertText(rows[r][c]);
    }
    if (r < rows.length - 1) await page.keyboard.press('Enter');
  }
}

async function runTests(page) {
  const panel = page.getByRole('region', { name: 'Tests' });
  await panel
    .locator('[data-summary]')
    .evaluate((el) => el.remove())
    .catch(() => {});
  await panel.getByRole('button', { name: 'Run tests' }).click();
  await panel.locator('[data-summary]').waitFor({ timeout: 60000 });
  return panel.locator('[data-summary]').getAttribute('data-summary');
}

step('a TUMBLE case is typed in the Tests panel, fails, then passes, and is saved with the script', async (page) => {
  await setScript(page, TAPS);
  await page.waitForFunction(() => document.querySelector('.validation').dataset.state === 'valid', null, {
    timeout: 15000,
  });
  // The tabs are keyboard-usable: the arrow key moves from Estimate to Tests.
  await page.getByRole('tab', { name: 'Estimate' }).focus();
  await page.keyboard.press('ArrowRight');
  const panel = page.getByRole('region', { name: 'Tests' });
  await panel.waitFor();
  await panel.getByRole('button', { name: 'Fill columns from the script' }).click();
  // Pre-filled from the schema: the table's columns, and the result's.
  const input = panel.getByRole('group', { name: 'Input taps' });
  await input.waitFor({ timeout: 20000 });
  const headers = await input.locator('th').allTextContents();
  check(headers[0] === 'user_id STRING' && headers[1] === 'ts TIMESTAMP(3)', `input columns: ${headers}`);
  const resultHeaders = await panel.getByRole('group', { name: 'Expected rows' }).locator('th').allTextContents();
  check(resultHeaders.join(',').startsWith('user_id STRING,window_start TIMESTAMP(3)'), `result: ${resultHeaders}`);

  await typeRows(page, 'Input taps', [
    ['u1', '2026-12-07T10:00:01'],
    ['u1', '2026-12-07T10:00:04'],
    ['u2', '2026-12-07T10:00:12'],
  ]);
  // u1 clicked twice in the first window: expecting once is wrong.
  await typeRows(page, 'Expected rows', [
    ['u1', '2026-12-07T10:00:00', '1'],
    ['u2', '2026-12-07T10:00:10', '1'],
  ]);
  check((await runTests(page)) === 'failed', 'the wrong expectation fails');
  const missing = panel.locator('tr[data-mark="missing"]');
  const unexpected = panel.locator('tr[data-mark="unexpected"]');
  check((await missing.count()) === 1 && (await unexpected.count()) === 1, 'one row missing, one unexpected');
  check(/missing.*u1.*2026-12-07T10:00.*1$/.test(await missing.textContent()), await missing.textContent());
  check(/unexpected.*u1.*2$/.test(await unexpected.textContent()), await unexpected.textContent());
  await accessibility(page, 'tests panel');
  await shot(page, 'tests-panel');

  await panel.getByLabel('Expected rows row 1 taps').fill('2');
  check((await runTests(page)) === 'passed', 'the right expectation passes');

  // A second case: no clicks, no windows.
  await panel.getByRole('button', { name: 'New case' }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('no taps');
  check((await runTests(page)) === 'passed', 'both cases pass');
  check(/All 2 case/.test(await panel.locator('[data-summary]').textContent()), 'two cases ran');

  const name = `tumble-${unique}`;
  await page.getByLabel('Script name').fill(name);
  await page.getByRole('button', { name: 'Save script' }).click();
  await page.getByText(`Saved ${name} with 2 test case(s).`).waitFor();

  // After a reload (and signing in again), the saved script brings its cases back.
  await page.reload();
  await signIn(page, adminToken);
  await page.getByLabel('Saved scripts').selectOption({ label: name });
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByText(`Opened ${name}.`).waitFor();
  await page.getByRole('tab', { name: 'Tests' }).click();
  const cases = await panel.getByLabel('Case', { exact: true }).locator('option').allTextContents();
  check(cases.join(',') === 'case 1,no taps', `the cases come back: ${cases}`);
  check((await panel.getByLabel('Expected rows row 1 taps').inputValue()) === '2', 'the fixed expectation is back');
  check((await panel.getByLabel('Input taps row 3 user_id').inputValue()) === 'u2', 'the input rows are back');
  check((await runTests(page)) === 'passed', 'the restored cases pass');
  await page.getByRole('tab', { name: 'Estimate' }).click(); // as the next steps expect the editor
});

step('a windowed query streams rows into the table and the chart', async (page) => {
  await setScript(page, WINDOWED);
  await page.getByRole('button', { name: 'Run' }).click();
  const chart = page.locator('svg.chart');
  await page.waitForFunction(() => Number(document.querySelector('svg.chart')?.dataset.points || 0) >= 2, null, {
    timeout: 30000,
  });
  const first = Number(await chart.getAttribute('data-points'));
  const rowsBefore = await page.locator('table.results tbody tr').count();
  await page.waitForFunction((n) => Number(document.querySelector('svg.chart').dataset.points) > n, first, {
    timeout: 20000,
  });
  check(
    (await page.locator('table.results tbody tr').count()) > rowsBefore || rowsBefore > 0,
    'rows arrive in the table',
  );
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByText(/rows, paused/).waitFor();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const csv = await download;
  check(csv.suggestedFilename().endsWith('.csv'), 'a CSV file is offered');
  await accessibility(page, 'editor with results');
  await shot(page, 'editor-results');
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByText('0 rows, paused').waitFor();
});

step('a count per user is charted as the count, one line per user_id, with ticked axes and a legend', async (page) => {
  await setScript(page, PER_USER);
  await page.getByRole('button', { name: 'Run' }).click();
  const chart = page.locator('svg.chart');
  // 50 rows/s over 5 users: every 1 s window has each of them; wait for a few windows.
  await page.waitForFunction(
    () => {
      const svg = document.querySelector('svg.chart');
      return svg && Number(svg.dataset.series) === 5 && Number(svg.dataset.points) >= 15;
    },
    null,
    { timeout: 30000 },
  );
  await page.getByRole('button', { name: 'Pause' }).click(); // what is compared below no longer moves
  await page.getByText(/rows, paused/).waitFor();
  // The gateway names the result's key (window_start, user_id): the count is plotted, not user_id.
  check(
    (await chart.getAttribute('data-x')) === 'window_start',
    `x is the window: ${await chart.getAttribute('data-x')}`,
  );
  check((await chart.getAttribute('data-y')) === 'clicks', `y is the count: ${await chart.getAttribute('data-y')}`);
  check((await chart.locator('.y-axis text.label').textContent()) === 'clicks', 'the y axis is labelled');
  const users = await page.locator('table.results tbody tr td:nth-child(2)').allTextContents();
  const legend = page.getByRole('list', { name: 'Legend: clicks per user_id' }).getByRole('listitem');
  const named = await legend.allTextContents();
  check(
    named.join(',') === [...new Set(users)].sort().join(','),
    `one legend entry per user_id of the table: ${named} vs ${[...new Set(users)]}`,
  );
  const colours = await legend.locator('.swatch').evaluateAll((s) => s.map((e) => e.style.background));
  check(new Set(colours).size === 5, `each series has its own colour: ${colours}`);
  // Ticks with values: counts from 0 in round steps up to at least the largest count; clock times along x.
  const yTicks = (await chart.locator('.y-axis text.tick').allTextContents()).map((t) => Number(t.replaceAll(',', '')));
  const counts = (await page.locator('table.results tbody tr td:nth-child(3)').allTextContents()).map(Number);
  check(
    yTicks.length >= 3 && yTicks[0] === 0 && yTicks.every((t, i) => i === 0 || t > yTicks[i - 1]),
    `y ticks rise from 0: ${yTicks}`,
  );
  check(yTicks.at(-1) >= Math.max(...counts), `the top y tick ${yTicks.at(-1)} covers the largest count`);
  const xTicks = await chart.locator('.x-axis text.tick').allTextContents();
  check(xTicks.length >= 1 && xTicks.every((t) => /^\d\d:\d\d(:\d\d)?$/.test(t)), `x ticks are clock times: ${xTicks}`);
  check(
    (await chart.locator('.x-axis text.label').textContent()).startsWith('window_start, '),
    'the x axis is labelled with the day',
  );
  await accessibility(page, 'chart per user');
  await shot(page, 'chart-per-user');

  // The analyst regroups: no series draws the total per window as one line; y can be another number.
  await page.getByLabel('Chart series').selectOption({ label: 'none' });
  check((await chart.getAttribute('data-series')) === '1', 'one line without series');
  const total = (
    await page.getByRole('list', { name: 'Legend', exact: true }).getByRole('listitem').allTextContents()
  ).join();
  check(total === 'clicks', `the single line is the count: ${total}`);
  await page.getByLabel('Chart series').selectOption({ label: 'user_id' });
  check((await chart.getAttribute('data-series')) === '5', 'one line per user again');
  await page.getByLabel('Chart y axis').selectOption({ label: 'user_id' });
  check((await chart.getAttribute('data-y')) === 'user_id', 'y follows the choice');
  check((await chart.locator('.y-axis text.label').textContent()) === 'user_id', 'and so does its label');
  await page.getByLabel('Chart kind').selectOption('bar');
  check(
    (await chart.locator('rect.bar').count()) === Number(await chart.getAttribute('data-points')),
    'a bar per point',
  );
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.getByText(/rows, stopped/).waitFor();
});

step('an updating aggregate is shown in place, one row per key, not as a growing log', async (page) => {
  await setScript(page, `${CLICKS}\nSELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id;`);
  await page.getByRole('button', { name: 'Run' }).click();
  // 50 rows/s over 5 keys: after a few seconds every key has been updated (retracted and re-added) many times.
  await page.waitForFunction(
    () => {
      const counts = [...document.querySelectorAll('table.results tbody tr td:nth-child(2)')].map((td) =>
        Number(td.textContent),
      );
      return counts.length > 0 && counts.some((n) => n >= 20);
    },
    null,
    { timeout: 30000 },
  );
  const keys = await page.locator('table.results tbody tr td:first-child').allTextContents();
  check(keys.length <= 5 && new Set(keys).size === keys.length, `one row per user_id: ${keys}`);
});

/** Waits until the gateway lists (or no longer lists) a running query of the console with this SQL. */
async function awaitListed(sql, listed, what) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const { queries } = await api('GET', '/queries');
    if (queries.some((q) => q.sql === sql && q.listener === 'API') === listed) return;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(queries)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

step('Stop cancels the running query, and so does leaving the page', async (page) => {
  const select = 'SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id';
  for (const leave of ['Stop', 'reload']) {
    await setScript(page, `${CLICKS}\n${select};`);
    await page.getByRole('button', { name: 'Run' }).click();
    await awaitListed(select, true, 'the query runs and is listed');
    await page.getByText(/rows, running/).waitFor();
    if (leave === 'Stop') {
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByText(/rows, stopped/).waitFor();
      await awaitListed(select, false, 'Stop cancels the query');
    } else {
      await page.reload();
      await awaitListed(select, false, 'leaving the page cancels the query');
      await signIn(page, adminToken);
    }
  }
});

/** The caller's latest history entries, as GET /api/v1/history answers them. */
async function latestRun(count = 1) {
  return (await api('GET', `/history?limit=${count}`)).entries;
}

/** The active editor tab's label. */
async function activeTabLabel(page) {
  return page.locator('.script-tab button[aria-current="true"]').textContent();
}

step(
  'Ctrl+Enter runs the statement at the cursor, in the session of earlier runs; Shift+Ctrl+Enter the script',
  async (page) => {
    const select = 'SELECT user_id, url FROM clicks';
    await setScript(page, `${CLICKS}\n${select};`);
    // The cursor in the CREATE: only it runs.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+Enter');
    await page.locator('.output').getByText('Ran the statement at line 1.').waitFor({ timeout: 20000 });
    await page.locator('.output').getByText('Done.').waitFor();
    const [created] = await latestRun();
    check(
      created.sql.startsWith('CREATE TEMPORARY TABLE clicks') && !created.sql.includes('SELECT'),
      `only the CREATE ran: ${created.sql}`,
    );
    check(created.status === 'SUCCEEDED', `the CREATE succeeded: ${JSON.stringify(created)}`);
    // The cursor after the SELECT: it runs alone, in the session where the CREATE ran, so it finds the table.
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    await page.locator('.output').getByText('Ran the statement at line 8.').waitFor({ timeout: 20000 });
    await page.waitForFunction(() => document.querySelectorAll('table.results tbody tr').length > 0, null, {
      timeout: 30000,
    });
    await awaitListed(select, true, 'the statement at the cursor runs as a query of its own');
    await shot(page, 'editor-run-statement');
    // Shift+Ctrl+Enter runs the whole script, in a new session: the CREATE again, then the SELECT.
    await page.keyboard.press('Shift+Control+Enter');
    // The whole script's output replaces the statement's: no "Ran the statement" line, and its own rows.
    await page.waitForFunction(
      () =>
        !document.querySelector('.output .ran') && /rows, running/.test(document.querySelector('.output').textContent),
      null,
      { timeout: 20000 },
    );
    const [last, before] = await latestRun(2);
    check(last.sql === select && before.sql.startsWith('CREATE TEMPORARY TABLE clicks'), 'both statements ran');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText(/rows, stopped/).waitFor();
  },
);

step('the History panel lists what ran with status and duration, and opens an entry in a new tab', async (page) => {
  // One that fails, run with the keyboard.
  await setScript(page, 'SELECT nope FROM nowhere_at_all');
  await page.keyboard.press('Control+Enter');
  await page.locator('.output').getByRole('alert').waitFor({ timeout: 20000 });
  await page.getByRole('tab', { name: 'History' }).click();
  const panel = page.getByRole('region', { name: 'History' });
  const entries = panel.locator('li.history-entry');
  await entries.first().waitFor({ timeout: 10000 });
  const failed = entries.first();
  check(
    (await failed.getAttribute('data-status')) === 'FAILED',
    `the failure is listed first: ${await failed.textContent()}`,
  );
  check(/nowhere_at_all/.test(await failed.textContent()), 'with its statement and why');
  const stopped = entries.nth(1);
  check(
    (await stopped.getAttribute('data-status')) === 'CANCELLED',
    `then the stopped query: ${await stopped.textContent()}`,
  );
  check(
    /\d+(\.\d)? s|\d+ ms|\d+ min/.test(await stopped.locator('.history-duration').textContent()),
    'with how long it ran',
  );
  await accessibility(page, 'history panel');
  await shot(page, 'editor-history');
  const tabsBefore = await page.locator('.script-tab').count();
  await stopped.getByRole('button', { name: /^Open in a new tab/ }).click();
  await page.waitForFunction(
    () => document.querySelector('.cm-content').textContent === 'SELECT user_id, url FROM clicks',
    null,
    { timeout: 5000 },
  );
  check((await page.locator('.script-tab').count()) === tabsBefore + 1, 'the entry opened in a new tab');
  await page.getByRole('button', { name: `Close ${await activeTabLabel(page)}` }).click();
  check((await page.locator('.script-tab').count()) === tabsBefore, 'and the tab closes again');
  await page.getByRole('tab', { name: 'Estimate' }).click();
});

step('tabs keep their own scripts, across the Jobs page and a reload', async (page) => {
  const first = await activeTabLabel(page);
  await setScript(page, `-- first tab\n${WINDOWED}`);
  await page.getByRole('button', { name: 'New tab' }).click();
  const second = await activeTabLabel(page);
  check(second !== first && /^Untitled \d+$/.test(second), `a new untitled tab: ${second}`);
  check((await page.locator('.cm-content').textContent()) === '', 'the new tab starts empty');
  const script = () => page.locator('.cm-content').textContent();
  // A run's output belongs to its tab: an error shown under this tab is not shown under another.
  const output = page.getByRole('region', { name: 'Run output' });
  await setScript(page, 'SELECT * FROM no_such_table_here');
  await page.getByRole('button', { name: 'Run' }).click();
  await output.getByText('no_such_table_here').first().waitFor({ timeout: 15000 });
  await setScript(page, 'SELECT 42 AS answer');
  await page.locator('.script-tab').getByRole('button', { name: first, exact: true }).click();
  check((await script()).startsWith('-- first tab'), `the first tab has its script: ${await script()}`);
  check(
    !(await output.textContent()).includes('no_such_table_here'),
    `the other tab's run output is not shown under this one: ${await output.textContent()}`,
  );
  await page.locator('.script-tab').getByRole('button', { name: second, exact: true }).click();
  check(
    (await output.textContent()).includes('no_such_table_here'),
    `back in its tab, the run's output is there: ${await output.textContent()}`,
  );
  await page.locator('.script-tab').getByRole('button', { name: first, exact: true }).click();
  await page.waitForFunction(() => document.querySelector('.validation').dataset.state === 'valid', null, {
    timeout: 15000,
  });
  await shot(page, 'editor-tabs');
  // Another page and back: the tabs and the active one's script are still there.
  await page.getByRole('button', { name: 'Jobs' }).click();
  await page.getByRole('button', { name: 'Editor' }).click();
  check((await activeTabLabel(page)) === first, 'the same tab is active');
  check((await script()).startsWith('-- first tab'), 'with its script');
  // A reload (which asks for the token again): the same.
  await page.locator('.script-tab').getByRole('button', { name: second, exact: true }).click();
  await page.reload();
  await signIn(page, adminToken);
  check((await activeTabLabel(page)) === second, 'after a reload the same tab is active');
  check((await script()) === 'SELECT 42 AS answer', `with its script: ${await script()}`);
  await page.locator('.script-tab').getByRole('button', { name: first, exact: true }).click();
  check((await script()).startsWith('-- first tab'), 'and the other tab has its own');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  check(!stored.includes(adminToken), 'the token is not kept with the tabs');
  await page.getByRole('button', { name: `Close ${second}` }).click();
  check((await page.locator('.script-tab').getByRole('button', { name: second, exact: true }).count()) === 0, 'closed');
});

step('the estimate follows the script: marked out of date as it changes, then estimated again', async (page) => {
  await setScript(page, WINDOWED);
  await page.getByRole('button', { name: 'Estimate', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Estimate' });
  await panel.getByText('Statement at line 8', { exact: false }).waitFor({ timeout: 20000 });
  const estimates = Number(await panel.getAttribute('data-estimates'));
  // Two lines more above the query: no button pressed, the estimate follows.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.insertText('-- per second\n-- all users\n');
  await page.locator('.estimate[data-stale="true"]').waitFor({ timeout: 5000 });
  await panel.getByText('The script changed').waitFor();
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('.estimate');
      return Number(el.dataset.estimates) > n && el.dataset.stale === 'false';
    },
    estimates,
    { timeout: 20000 },
  );
  await panel.getByText('Statement at line 10', { exact: false }).waitFor();
  check(!(await panel.getByText('The script changed').count()), 'no longer marked out of date');
  await shot(page, 'editor-estimate-follows');
});

step('create a JavaScript function, try it, and use it in a query', async (page) => {
  await page.getByRole('button', { name: 'Functions' }).click();
  await page.getByRole('button', { name: 'New JavaScript function' }).click();
  await page.getByLabel('Name', { exact: true }).fill(fn);
  await page.getByLabel('Source').fill('function f(s) {\n  return s.toUpperCase() + "!";\n}\n');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText(`Saved ${fn} version 1.`).waitFor({ timeout: 15000 });
  await page.getByLabel('Arguments (JSON array)').fill('["hello"]');
  await page.getByRole('button', { name: 'Try' }).click();
  await page.locator('.try-result').getByText('Result: "HELLO!"').waitFor({ timeout: 15000 });
  await accessibility(page, 'functions page');
  await shot(page, 'functions');
  await page.getByRole('button', { name: 'Editor' }).click();
  await setScript(page, `${CLICKS}\nSELECT ${fn}(url) AS loud FROM clicks;`);
  await page.getByRole('button', { name: 'Run' }).click();
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('table.results tbody td')].some((td) => /^[A-Za-z0-9]{4}!$/.test(td.textContent)),
    null,
    { timeout: 30000 },
  );
});

step('upload a Java function as a jar, publish a second version, roll back to the first and use it', async (page) => {
  const name = `tag_${unique}`;
  await page.getByRole('button', { name: 'Functions' }).click();
  await page.getByRole('button', { name: 'Upload Java function' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Class name').fill('console.Tag');
  await page.getByLabel('Jar file').setInputFiles(join(udfJars, 'v1.jar'));
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await page.getByText(`Saved ${name} version 1.`).waitFor({ timeout: 30000 });
  await page.getByLabel('Jar file').setInputFiles(join(udfJars, 'v2.jar'));
  await page.getByRole('button', { name: 'Publish new version' }).click();
  await page.getByText(`Saved ${name} version 2.`).waitFor({ timeout: 30000 });
  const versions = page.getByRole('region', { name: 'Versions' });
  await versions.getByRole('cell', { name: '2 (current)' }).waitFor();
  check((await versions.getByRole('row').count()) === 3, 'two versions listed');
  await accessibility(page, 'functions page, Java function');
  await shot(page, 'functions-java');
  await versions.getByRole('button', { name: 'Roll back to version 1' }).click();
  await page.getByText('Rolled back to version 1.').waitFor({ timeout: 15000 });
  await versions.getByRole('cell', { name: '1 (current)' }).waitFor();
  // A query now calls version 1 again.
  await page.getByRole('button', { name: 'Editor' }).click();
  await setScript(page, `${CLICKS}\nSELECT ${name}(url) AS tagged FROM clicks;`);
  await page.getByRole('button', { name: 'Run' }).click();
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('table.results tbody td')].some((td) => /^[A-Za-z0-9]{4}-v1$/.test(td.textContent)),
    null,
    { timeout: 30000 },
  );
});

step('an analyst over quota sees the pending state; an admin approves and the job starts', async (page) => {
  await api('POST', '/tenants', { name: tenant });
  analystToken = (await api('POST', `/tenants/${tenant}/tokens`, { name: 'ana', role: 'analyst' })).token;
  await api('PUT', `/tenants/${tenant}/quota`, {
    maxJobs: 0,
    maxTaskSlots: 8,
    maxCpuCores: 8,
    maxMemoryBytes: 8e9,
    maxStateBytes: 8e9,
  });
  await signOut(page);
  await signIn(page, analystToken);
  const nav = await page.getByRole('navigation', { name: 'Pages' }).textContent();
  check(!/Approvals|Quotas|Audit/.test(nav), `admin pages are hidden from analysts: ${nav}`);
  // Catalog tables, not TEMPORARY ones: an approved statement runs later in a session of its own.
  await setScript(
    page,
    `${CLICKS.replace('TEMPORARY TABLE clicks', 'TABLE clicks')}
CREATE TABLE sink (user_id INT, url STRING) WITH ('connector' = 'blackhole');
INSERT INTO sink SELECT user_id, url FROM clicks;`,
  );
  await page.getByRole('button', { name: 'Run' }).click();
  await page
    .locator('.pending')
    .getByText(/Pending approval/)
    .waitFor({ timeout: 20000 });
  await shot(page, 'analyst-pending');
  await signOut(page);
  await signIn(page, adminToken);
  await page.getByRole('button', { name: 'Approvals' }).click();
  const request = page.getByRole('article').filter({ hasText: tenant });
  await request.getByLabel('Comment').fill('fine for the demo');
  await accessibility(page, 'approvals page');
  await shot(page, 'approvals');
  await request.getByRole('button', { name: 'Approve' }).click();
  await page
    .getByRole('article')
    .filter({ hasText: tenant })
    .getByText(/APPROVED/)
    .waitFor({ timeout: 20000 });
  await page.getByRole('button', { name: 'Jobs' }).click();
  const row = page.getByRole('row').filter({ hasText: tenant });
  await row.getByRole('button', { name: /^Open job / }).click();
  // The open job redraws itself when its status changes, and refreshes its figures every 2 s while it runs.
  await page.locator('.job-status[data-status="RUNNING"]').waitFor({ timeout: 30000 });
});

/** Waits until the open job shows {@code status}. */
async function jobStatus(page, status) {
  await page.locator(`.job-status[data-status="${status}"]`).waitFor({ timeout: 60000 });
}

step(
  "the job's figures sit next to its estimate and its graph is drawn; stop with a savepoint, resume, rewind",
  async (page) => {
    const detail = page.getByRole('region', { name: 'Job', exact: true });
    // The approval let the job past maxJobs 0; resuming it is admitted against the quota again, so make room.
    await api('PUT', `/tenants/${tenant}/quota`, {
      maxJobs: 1,
      maxTaskSlots: 8,
      maxCpuCores: 8,
      maxMemoryBytes: 8e9,
      maxStateBytes: 8e9,
    });
    // Flink reports figures a few seconds after the job starts: then the graph's boxes carry them too.
    await detail.getByRole('cell', { name: 'records/s read' }).waitFor();
    await page.waitForFunction(
      () => /out [1-9][\d.]*\/s.*backpressure \d+%/.test(document.querySelector('svg.graph')?.textContent || ''),
      null,
      { timeout: 45000 },
    );
    const graph = detail.locator('svg.graph');
    check(Number(await graph.getAttribute('data-vertices')) >= 1, 'the graph has a box per task');
    check(/Source/.test(await graph.textContent()), `the graph names the source: ${await graph.textContent()}`);
    check(
      (await detail.getByRole('cell', { name: /^\d+(\.\d+)? busy$/ }).count()) === 1,
      'measured CPU is shown next to the estimate',
    );
    await accessibility(page, 'jobs page');
    await shot(page, 'jobs');

    await detail.getByRole('button', { name: 'Stop with savepoint' }).click();
    await jobStatus(page, 'STOPPED');
    const savepoints = () => detail.getByRole('row').filter({ hasText: 'SAVEPOINT' });
    check((await savepoints().count()) === 1, 'the stop took a savepoint, listed with the job');
    const first = (await savepoints().first().locator('code').textContent()).trim();
    await shot(page, 'job-stopped');

    await detail.getByRole('button', { name: 'Resume from latest' }).click();
    await jobStatus(page, 'RUNNING');
    check(
      (await detail.locator('.history').textContent()).includes(`Resumed from savepoint ${first} on request`),
      'the history says where it resumed from',
    );

    // A second savepoint, then back to the first one: a rewind.
    await detail.getByRole('button', { name: 'Stop with savepoint' }).click();
    await jobStatus(page, 'STOPPED');
    check((await savepoints().count()) === 2, 'two savepoints now');
    await savepoints()
      .filter({ hasText: first })
      .getByRole('button', { name: /^Rewind to savepoint/ })
      .click();
    await jobStatus(page, 'RUNNING');
    const history = await detail.locator('.history li').allTextContents();
    check(
      history.at(-1).includes(`Resumed from savepoint ${first} on request`),
      `rewound to the first savepoint: ${history.at(-1)}`,
    );

    await detail.getByRole('button', { name: 'Cancel job' }).click();
    await jobStatus(page, 'CANCELED');
  },
);

step('the jobs list refreshes by itself: a job cancelled elsewhere shows CANCELED, focus kept', async (page) => {
  const { sessionId } = await api('POST', '/sessions', {});
  await api('POST', '/statements', {
    sessionId,
    sql: `CREATE TEMPORARY TABLE ticks (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
CREATE TEMPORARY TABLE drained_${unique} (n BIGINT) WITH ('connector' = 'blackhole')`,
  });
  const run = await api('POST', '/statements', { sessionId, sql: `INSERT INTO drained_${unique} SELECT n FROM ticks` });
  const jobId = run.statements[0].job.id;
  await page.getByRole('button', { name: 'Jobs' }).click();
  const row = page.getByRole('row').filter({ hasText: jobId });
  // From SUBMITTED to RUNNING without a click, then cancelled through the API, not the console.
  await row.locator('.job-state[data-status="RUNNING"]').waitFor({ timeout: 60000 });
  const open = row.getByRole('button', { name: `Open job ${jobId}` });
  await open.focus();
  await api('POST', `/jobs/${jobId}:stop`, {});
  await row.locator('.job-state[data-status="CANCELED"]').waitFor({ timeout: 20000 });
  check(await open.evaluate((el) => el === document.activeElement), 'the refresh kept the focus where it was');
  check(/changed/.test(await row.getAttribute('class')), 'the changed row is marked');
  await page
    .getByRole('status')
    .filter({ hasText: `drained_${unique} is CANCELED` })
    .waitFor();
  await accessibility(page, 'jobs list');
  await shot(page, 'jobs-list');
});

step('a job that fails on a poison record shows FAILED with its root cause', async (page) => {
  // A session whose jobs do not restart (within policy), so the job ends at its first failure.
  const { sessionId } = await api('POST', '/sessions', { properties: { 'restart-strategy.type': 'none' } });
  await api('POST', '/statements', {
    sessionId,
    sql: `CREATE TEMPORARY TABLE numbers (n BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '100',
  'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '100');
CREATE TEMPORARY TABLE poisoned_${unique} (n INT) WITH ('connector' = 'blackhole')`,
  });
  const run = await api('POST', '/statements', {
    sessionId,
    sql: `INSERT INTO poisoned_${unique} SELECT CAST(CASE WHEN n = 50 THEN 'poison-50' ELSE CAST(n AS STRING) END AS INT) FROM numbers`,
  });
  const jobId = run.statements[0].job.id;
  await page.getByRole('button', { name: 'Jobs' }).click();
  await page.getByRole('button', { name: `Open job ${jobId}` }).click();
  await jobStatus(page, 'FAILED');
  const status = await page.locator('.job-status').textContent();
  check(/poison-50/.test(status), `the failed job's page shows its root cause: ${status}`);
  check(!/\tat |Recovery is suppressed/.test(status), `one line, no stack trace: ${status}`);
  await shot(page, 'job-failed');
});

step('admin pages: quotas and the audit log with filters', async (page) => {
  await page.getByRole('button', { name: 'Quotas' }).click();
  await page
    .getByRole('button', { name: /Save .* quota/ })
    .first()
    .waitFor();
  await accessibility(page, 'quotas page');
  await shot(page, 'quotas');
  await page.getByRole('button', { name: 'Audit log' }).click();
  await page.getByLabel('Action').fill('approval.approve');
  await page.getByRole('button', { name: 'Filter' }).click();
  // The unfiltered log shows first; the filtered one has only approvals (the one this run made among them).
  await page.waitForFunction(
    () => {
      const actions = [...document.querySelectorAll('main tbody tr td:nth-child(4)')].map((td) => td.textContent);
      return actions.length > 0 && actions.every((a) => a === 'approval.approve');
    },
    null,
    { timeout: 10000 },
  );
  await accessibility(page, 'audit page');
  await shot(page, 'audit');
});

// ---- runner ----

mkdirSync(shots, { recursive: true });
const { context, close } = await launch({ acceptDownloads: true });
const page = context.pages()[0] || (await context.newPage());
page.setDefaultTimeout(10000);
const pageErrors = [];
page.on('pageerror', (error) => {
  pageErrors.push(error.message);
  console.log(`page error: ${error.message}`);
});
const only = process.env.SLUICE_BROWSER_STEPS ? new RegExp(process.env.SLUICE_BROWSER_STEPS) : null;
let failed = 0;
try {
  for (const { name, fn: run } of steps) {
    if (only && !only.test(name)) continue;
    const started = Date.now();
    try {
      await run(page);
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${name}: ${error.stack || error}`);
      mkdirSync(join(here, '..', 'test-output'), { recursive: true });
      await page.screenshot({ path: join(here, '..', 'test-output', 'failure.png'), fullPage: true }).catch(() => {});
      break; // later steps build on earlier ones
    }
  }
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
