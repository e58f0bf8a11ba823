// The console's shell: sign-in, navigation between pages, and the pages themselves.
import { Api, ApiError, enc } from './api.js';
import { h, fill, field, bytes, num, showError, table, guarded } from './dom.js';
import { createEditor, newEditorId, validatePath } from './editor.js';
import { jobsPage } from './jobs.js';
import { functionsPage } from './functions.js';
import { ResultView } from './results.js';
import { testsPanel } from './tests.js';
import { historyPanel } from './history.js';
import { inPlace, statementAt } from './statements.js';
import { activate, activeTab, addTab, closeTab, loadTabs, saveTabs, storageKey, tabLabel, updateTab } from './tabs.js';

const api = new Api();
const app = document.getElementById('app');
let caller = null; // {tokenId, name, tenant, role}
let functionNames = [];
let catalogTables = []; // GET /tables: the tenant's catalog tables and views with their columns, for completion
// Editor tab id -> the session its runs use, kept while signed in (across pages) so that running the statement at the
// cursor sees the TEMPORARY tables an earlier run of the tab made.
const tabSessions = new Map();

/** Closes the tab's session, if it has one: what ran in it (a query) goes with it. */
function closeSession(tabId, options) {
  const sessionId = tabSessions.get(tabId);
  tabSessions.delete(tabId);
  if (sessionId) api.delete(`/sessions/${enc(sessionId)}`, options).catch(() => {});
}

const EXAMPLE = `CREATE TEMPORARY TABLE clicks (
  user_id INT,
  url STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen', 'rows-per-second' = '20', 'fields.user_id.min' = '1', 'fields.user_id.max' = '5');

SELECT window_start, window_end, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '2' SECOND))
GROUP BY window_start, window_end;
`;

const PAGES = [
  { id: 'editor', title: 'Editor', render: editorPage },
  {
    id: 'jobs',
    title: 'Jobs',
    render: (main) =>
      jobsPage(main, {
        api,
        onLeave: (stop) => {
          current.cleanup = chain(current.cleanup, stop);
        },
      }),
  },
  {
    id: 'functions',
    title: 'Functions',
    render: (main) =>
      functionsPage(main, {
        api,
        onFunctions: (names) => {
          functionNames = names;
        },
      }),
  },
  { id: 'approvals', title: 'Approvals', render: approvalsPage, admin: true },
  { id: 'quotas', title: 'Quotas', render: quotasPage, admin: true },
  { id: 'audit', title: 'Audit log', render: auditPage, admin: true },
];

function signInPage(message) {
  const token = h('input', { type: 'password', autocomplete: 'off', required: true });
  const status = h('div', { 'aria-live': 'polite' }, message || '');
  const form = h(
    'form',
    { class: 'signin', 'aria-label': 'Sign in' },
    h('h1', {}, 'Sluice'),
    h('p', {}, 'Sign in with your API token. It is kept in this page only: reloading the page asks for it again.'),
    field('Token', token),
    h('button', { type: 'submit' }, 'Sign in'),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    api.signIn(token.value.trim());
    try {
      caller = await api.get('/whoami');
      show('editor');
    } catch (error) {
      api.signOut();
      showError(status, error);
    }
  });
  fill(app, h('main', { id: 'main' }, form));
  token.focus();
}

function signOut() {
  current.cleanup();
  [...tabSessions.keys()].forEach((tabId) => closeSession(tabId));
  api.signOut();
  caller = null;
  signInPage('Signed out.');
}

const current = { cleanup: () => {} };
// Leaving the page (closing the tab, reloading) cancels what the page runs, as leaving it for another page does.
window.addEventListener('pagehide', () => {
  current.cleanup();
  [...tabSessions.keys()].forEach((tabId) => closeSession(tabId, { keepalive: true }));
});

function show(pageId) {
  current.cleanup();
  current.cleanup = () => {};
  const visible = PAGES.filter((p) => !p.admin || caller.role === 'admin');
  const page = visible.find((p) => p.id === pageId) || visible[0];
  const main = h('main', { id: 'main', tabindex: '-1' }, h('h1', {}, page.title));
  fill(
    app,
    h(
      'header',
      {},
      h('span', { class: 'brand' }, 'Sluice'),
      h(
        'nav',
        { 'aria-label': 'Pages' },
        visible.map((p) =>
          h(
            'button',
            {
              type: 'button',
              class: 'nav',
              'aria-current': p === page ? 'page' : false,
              onclick: () => show(p.id),
            },
            p.title,
          ),
        ),
      ),
      h('span', { class: 'who' }, `${caller.name} · ${caller.tenant} · ${caller.role}`),
      h('button', { type: 'button', onclick: signOut }, 'Sign out'),
    ),
    main,
  );
  try {
    page.render(main);
  } catch (error) {
    showError(main, error); // a page that fails to build says so instead of staying blank
  }
}

// ---- Editor: tabs of scripts, validate as you type, estimate, run, history ----

/** How long the script must rest before a shown estimate follows it: it costs more than a validation. */
const ESTIMATE_DELAY_MS = 600;

function editorPage(main) {
  const key = storageKey(caller);
  let tabs = loadTabs(localStorage, key, EXAMPLE);
  const keep = () => saveTabs(localStorage, key, tabs);
  const states = new Map(); // tab id -> its EditorState (undo history, selection) while the page is open
  const editorHost = h('div', { class: 'editor' });
  const tabStrip = h('div', { class: 'script-tabs', role: 'toolbar', 'aria-label': 'Script tabs' });
  const validation = h(
    'div',
    { class: 'validation', role: 'status', 'aria-live': 'polite', 'data-state': 'idle' },
    'Not checked yet',
  );
  const estimatePanel = h('section', { class: 'estimate', 'aria-label': 'Estimate', id: 'panel-estimate' });
  const testsArea = h('section', { class: 'tests', 'aria-label': 'Tests', id: 'panel-tests', hidden: true });
  const historyArea = h('section', { class: 'history', 'aria-label': 'History', id: 'panel-history', hidden: true });
  const output = h('section', { class: 'output', 'aria-label': 'Run output' });
  const rates = new Map(); // table -> events/s entered by the analyst
  // Tab id -> what its runs showed and the query result it streams: a run's output belongs to its tab.
  const runs = new Map();
  const runOf = (tabId) => {
    if (!runs.has(tabId)) runs.set(tabId, { area: h('div', { class: 'tab-output' }), result: null });
    return runs.get(tabId);
  };

  const editorId = newEditorId(); // its newer validation supersedes its older one still waiting
  const { view, stateFor } = createEditor(editorHost, {
    initial: activeTab(tabs).sql,
    validate: (sql, lints) => api.post(validatePath(lints, editorId), { sql }),
    functionNames: () => functionNames,
    catalogTables: () => catalogTables,
    onValidated: (answer, error) => {
      validation.dataset.checks = String(Number(validation.dataset.checks || 0) + 1); // for tests and benchmarks
      if (error) {
        validation.textContent = `Validation failed: ${error.message}`;
        validation.dataset.state = 'failed';
        return;
      }
      const errors = answer.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = answer.diagnostics.length - errors;
      validation.dataset.state = answer.valid ? 'valid' : 'invalid';
      validation.textContent = answer.valid
        ? `Valid${warnings ? `, ${warnings} warning(s)` : ''}`
        : `${errors} error(s): ${answer.diagnostics[0].message}`;
    },
    onRun: (mode) => run(mode),
    onChange: (text) => {
      tabs = updateTab(tabs, tabs.active, { sql: text });
      keep();
      estimateFollows();
    },
  });

  // ---- the estimate, which follows the script once shown ----
  let estimated = false; // an estimate was shown: from then on it follows the script
  let stale = false;
  let estimateTimer = null;
  const staleNote = h('p', { class: 'stale' }, 'The script changed: re-estimating…');

  /** The script changed (typed, or another tab): the estimate shown is out of date until re-estimated. */
  function estimateFollows() {
    if (!estimated) return;
    stale = true;
    estimatePanel.dataset.stale = 'true';
    const heading = estimatePanel.querySelector('h2');
    if (heading) heading.after(staleNote);
    clearTimeout(estimateTimer);
    if (!estimatePanel.hidden) estimateTimer = setTimeout(() => estimate({ follow: true }), ESTIMATE_DELAY_MS);
  }

  /** @param follow whether the script's change asked for it: the panel keeps showing the last estimate meanwhile */
  async function estimate({ follow = false } = {}) {
    clearTimeout(estimateTimer);
    if (!follow) {
      showPanel('estimate');
      fill(estimatePanel, h('h2', {}, 'Estimate'), 'Estimating…');
    }
    const asked = view.state.doc;
    const body = { sql: asked.toString(), rates: {} };
    for (const [name, value] of rates) if (value !== '') body.rates[name] = { eventsPerSecond: Number(value) };
    await guarded(estimatePanel, async () => {
      const [answer, quota] = await Promise.all([
        api.post('/statements:estimate', body),
        api.get(`/tenants/${enc(caller.tenant)}/quota`),
      ]);
      if (view.state.doc !== asked) return; // changed meanwhile: the estimate of the new script follows
      renderEstimate(answer, quota);
      estimated = true;
      stale = false;
      estimatePanel.dataset.stale = 'false';
      estimatePanel.dataset.estimates = String(Number(estimatePanel.dataset.estimates || 0) + 1); // for tests
    });
  }

  function renderEstimate(answer, quota) {
    const t = answer.totals || {};
    const sources = new Set(answer.statements.flatMap((s) => s.estimate.sourceTables || []));
    const rateInputs = [...sources].map((name) => {
      const input = h('input', {
        type: 'number',
        min: '0',
        step: 'any',
        value: rates.get(name) ?? '',
        placeholder: 'from the connector',
      });
      input.addEventListener('change', () => rates.set(name, input.value));
      return field(`${name} events/s`, input);
    });
    const left = (key, format) =>
      quota.quota[key] === undefined ? '–' : format(quota.quota[key] - (quota.used[key] || 0));
    fill(
      estimatePanel,
      h('h2', {}, 'Estimate'),
      answer.valid ? null : h('p', { class: 'error' }, 'The script has errors: fix them to see an estimate.'),
      table(
        ['', 'this script', 'quota left'],
        [
          ['task slots', num(t.taskSlots), left('taskSlots', num)],
          ['CPU cores', num(t.cpuCores), left('cpuCores', num)],
          ['memory', bytes((t.heapBytes || 0) + (t.managedBytes || 0)), left('memoryBytes', bytes)],
          [
            'state',
            t.unboundedState ? `${bytes(t.stateBytes)} (unbounded)` : bytes(t.stateBytes),
            left('stateBytes', bytes),
          ],
          ['jobs', '', left('jobs', num)],
        ],
      ),
      answer.statements.map((s) =>
        h(
          'details',
          {},
          h('summary', {}, `Statement at line ${s.line}: ${s.estimate.operators.length} operators`),
          table(
            ['operator', 'in/s', 'out/s', 'cores', 'state'],
            s.estimate.operators.map((o) => [
              o.name || o.kind,
              num(o.inputRate),
              num(o.outputRate),
              num(o.cpuCores),
              bytes(o.stateBytes),
            ]),
          ),
          h(
            'ul',
            {},
            s.estimate.assumptions.map((a) => h('li', { class: a.flagged ? 'flagged' : '' }, `${a.about}: ${a.text}`)),
          ),
        ),
      ),
      rateInputs.length
        ? h(
            'fieldset',
            {},
            h('legend', {}, 'Input rates'),
            rateInputs,
            h('button', { type: 'button', onclick: estimate }, 'Re-estimate'),
          )
        : null,
    );
  }

  // ---- running: the whole script, or the statement at the cursor, in the tab's session ----

  /**
   * Runs the whole script in a new session of the tab, or the statement at the cursor in the tab's session, so that
   * it sees the tables the tab's earlier runs made.
   */
  async function run(mode = 'script') {
    const text = view.state.doc.toString();
    const tabId = tabs.active;
    let sql = text;
    let note = null;
    if (mode === 'statement') {
      const statement = statementAt(text, view.state.selection.main.head);
      if (!statement) return;
      sql = inPlace(text, statement); // the gateway's errors then point at the script's own lines
      note = `Ran the statement at line ${view.state.doc.lineAt(statement.from).number}.`;
    }
    const tabRun = runOf(tabId);
    if (tabRun.result) await tabRun.result.close();
    tabRun.result = null;
    fill(tabRun.area, 'Submitting…');
    await guarded(tabRun.area, async () => {
      if (mode === 'script') closeSession(tabId);
      const answer = await runInSession(tabId, sql);
      tabSessions.set(tabId, answer.sessionId);
      readCatalog(); // the script may have created tables
      if (answer.status === 'PENDING_APPROVAL') {
        pending(tabRun.area, answer);
        return;
      }
      showStatements(tabRun, answer.statements, note);
    });
    if (!historyArea.hidden) historyView.load();
  }

  /** Runs in the tab's session; one closed meanwhile (idle, or the gateway restarted) is replaced by a new one. */
  async function runInSession(tabId, sql) {
    const sessionId = tabSessions.get(tabId);
    try {
      return await api.post('/statements', sessionId ? { sql, sessionId } : { sql });
    } catch (error) {
      if (!sessionId || error.status !== 404 || error.field !== 'sessionId') throw error;
      tabSessions.delete(tabId);
      return api.post('/statements', { sql });
    }
  }

  function showStatements(tabRun, statements, note) {
    const query = statements.filter((s) => s.kind === 'QUERY').pop();
    const jobs = statements.filter((s) => s.kind === 'JOB');
    fill(
      tabRun.area,
      note ? h('p', { class: 'ran' }, note) : null,
      ...jobs.map((s) =>
        h(
          'p',
          { class: 'job-started' },
          `Job ${s.job ? s.job.id : s.id} ${s.job ? s.job.status : s.status}. `,
          h('button', { type: 'button', onclick: () => show('jobs') }, 'See jobs'),
        ),
      ),
    );
    if (query) {
      const area = h('div');
      tabRun.area.append(area);
      tabRun.result = new ResultView(api, area, query);
    } else if (!jobs.length) tabRun.area.append(h('p', {}, 'Done.'));
  }

  function pending(area, answer) {
    const state = h(
      'p',
      { class: 'pending', role: 'status', 'aria-live': 'polite' },
      `Pending approval (${answer.approvalId}): exceeds ${answer.exceeded.join(', ')}. An admin must approve it.`,
    );
    fill(area, state);
    const timer = setInterval(async () => {
      try {
        const approval = await api.get(`/approvals/${enc(answer.approvalId)}`);
        if (approval.status === 'PENDING') return;
        clearInterval(timer);
        state.className = approval.status === 'APPROVED' ? 'approved' : 'error';
        state.textContent =
          approval.status === 'APPROVED'
            ? `Approved by ${approval.decidedBy}: job ${approval.jobId} started.`
            : `${approval.status}${approval.comment ? `: ${approval.comment}` : ''}`;
      } catch (error) {
        clearInterval(timer);
        showError(area, error);
      }
    }, 1000);
    current.cleanup = chain(current.cleanup, () => clearInterval(timer));
  }

  const tests = testsPanel(testsArea, { api, getSql: () => view.state.doc.toString() });
  const historyView = historyPanel(historyArea, { api, onOpen: (sql) => openTab(sql) });
  const scripts = scriptBar({
    getScript: () => ({ sql: view.state.doc.toString(), tests: tests.cases() }),
    remember: (saved) => {
      tabs = updateTab(tabs, tabs.active, saved);
      keep();
      renderTabs();
    },
    onOpen: (script) => {
      const saved = { scriptId: script.id, scriptName: script.name, tests: script.tests };
      const open = tabs.tabs.find((t) => t.scriptId === script.id);
      if (!open) {
        openTab(script.sql, saved);
        return;
      }
      // Already in a tab: that tab takes the saved version.
      leaveTab();
      tabs = updateTab(activate(tabs, open.id), open.id, { sql: script.sql, ...saved });
      states.delete(open.id);
      keep();
      enterTab();
    },
  });

  // ---- the tabs: each its own script, kept in this browser for this user ----

  function renderTabs() {
    fill(
      tabStrip,
      tabs.tabs.map((t) =>
        h(
          'span',
          { class: 'script-tab', 'data-active': String(t.id === tabs.active) },
          h(
            'button',
            { type: 'button', 'aria-current': t.id === tabs.active ? 'true' : false, onclick: () => switchTo(t.id) },
            tabLabel(t),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'close',
              'aria-label': `Close ${tabLabel(t)}`,
              onclick: () => closeTabNamed(t.id),
            },
            '×',
          ),
        ),
      ),
      h('button', { type: 'button', class: 'new-tab', onclick: () => openTab('') }, 'New tab'),
    );
  }

  /** Keeps what the page holds of the active tab that the tab state does not: its editor state and its cases. */
  function leaveTab() {
    states.set(tabs.active, view.state);
    tabs = updateTab(tabs, tabs.active, { tests: tests.cases() });
  }

  /** Shows the active tab: its script, its cases and its saved script's name. */
  function enterTab() {
    const tab = activeTab(tabs);
    view.setState(states.get(tab.id) || stateFor(tab.sql));
    // The new state is validated afresh; until then the line says nothing of the other tab's script.
    validation.textContent = 'Not checked yet';
    validation.dataset.state = 'idle';
    tests.load(tab.tests);
    scripts.show(tab);
    output.replaceChildren(runOf(tab.id).area);
    renderTabs();
    estimateFollows();
    view.focus();
  }

  function switchTo(id) {
    if (id === tabs.active) return;
    leaveTab();
    tabs = activate(tabs, id);
    keep();
    enterTab();
  }

  function openTab(sql, saved) {
    leaveTab();
    tabs = addTab(tabs, sql, saved).state;
    keep();
    enterTab();
  }

  function closeTabNamed(id) {
    runs.get(id)?.result?.close();
    runs.delete(id);
    closeSession(id);
    states.delete(id);
    const wasActive = id === tabs.active;
    if (!wasActive) leaveTab();
    tabs = closeTab(tabs, id);
    keep();
    if (wasActive || tabs.tabs.length === 1) enterTab();
    else renderTabs();
  }

  // The side panel shows the estimate, the tests or the history, chosen with tabs (arrow keys move between them).
  const panels = [
    { id: 'estimate', title: 'Estimate', panel: estimatePanel },
    { id: 'tests', title: 'Tests', panel: testsArea },
    { id: 'history', title: 'History', panel: historyArea },
  ].map((t) => ({
    ...t,
    button: h('button', { type: 'button', role: 'tab', id: `tab-${t.id}`, 'aria-controls': `panel-${t.id}` }, t.title),
  }));
  function showPanel(id) {
    for (const t of panels) {
      const on = t.id === id;
      t.button.setAttribute('aria-selected', String(on));
      t.button.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on; // each panel stays a region named as its tab
    }
    if (id === 'history') historyView.load();
    if (id === 'estimate' && stale) estimate({ follow: true });
  }
  panels.forEach((t, i) => {
    t.button.addEventListener('click', () => showPanel(t.id));
    t.button.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = panels[(i + step + panels.length) % panels.length];
      showPanel(next.id);
      next.button.focus();
    });
  });
  showPanel('estimate');

  main.append(
    scripts.element,
    h(
      'div',
      { class: 'workbench' },
      h(
        'div',
        { class: 'left' },
        tabStrip,
        editorHost,
        validation,
        h(
          'div',
          { class: 'toolbar' },
          h(
            'button',
            {
              type: 'button',
              class: 'primary',
              onclick: () => run('script'),
              title: 'Run the script: Shift+Ctrl+Enter (⇧⌘↩)',
            },
            'Run',
          ),
          h(
            'button',
            {
              type: 'button',
              onclick: () => run('statement'),
              title: 'Run the statement at the cursor: Ctrl+Enter (⌘↩)',
            },
            'Statement at cursor',
          ),
          h('button', { type: 'button', onclick: () => estimate() }, 'Estimate'),
          h('span', { class: 'keys' }, 'Ctrl/⌘+Enter runs the statement at the cursor, Shift+Ctrl/⌘+Enter the script.'),
        ),
      ),
      h(
        'div',
        { class: 'side' },
        h(
          'div',
          { role: 'tablist', 'aria-label': 'Side panel', class: 'tabs' },
          panels.map((t) => t.button),
        ),
        estimatePanel,
        testsArea,
        historyArea,
      ),
    ),
    output,
  );
  estimatePanel.append(
    h('h2', {}, 'Estimate'),
    h('p', {}, 'Press Estimate to see what the script needs and what your quota leaves; it then follows the script.'),
  );
  tests.load(activeTab(tabs).tests);
  scripts.show(activeTab(tabs));
  output.replaceChildren(runOf(tabs.active).area);
  renderTabs();
  current.cleanup = () => {
    runs.forEach((tabRun) => tabRun.result?.close());
    leaveTab();
    keep();
  };
  readCatalog();
  view.focus();
}

/**
 * Saving the active tab's script (with its test cases) under a name, and opening a saved one: the caller's own scripts.
 * @param getScript returns {sql, tests} to save; remember gets {scriptId, scriptName} of the tab's script once saved;
 *     onOpen gets a saved script {id, name, sql, tests}
 * @return the bar, and show(tab): shows the tab's saved script
 */
function scriptBar({ getScript, remember, onOpen }) {
  let id = null; // the active tab's saved script, once saved or opened
  const name = h('input', { id: 'script-name', placeholder: 'untitled' });
  const saved = h('select', { id: 'script-open' });
  const status = h('span', { role: 'status', 'aria-live': 'polite', class: 'script-status' });
  async function list() {
    const answer = await api.get('/scripts');
    const scripts = Array.isArray(answer) ? answer : answer.scripts;
    fill(
      saved,
      h('option', { value: '' }, scripts.length ? 'Choose a saved script' : 'No saved scripts'),
      scripts.map((s) => h('option', { value: s.id, selected: s.id === id }, s.name)),
    );
  }
  async function save() {
    const body = { name: name.value.trim() || 'untitled', ...getScript() };
    await guarded(status, async () => {
      if (id) await api.put(`/scripts/${enc(id)}`, body);
      else id = (await api.post('/scripts', body)).id;
      name.value = body.name;
      remember({ scriptId: id, scriptName: body.name, tests: body.tests });
      status.textContent = `Saved ${body.name} with ${body.tests.length} test case(s).`;
      await list();
    });
  }
  async function open() {
    if (!saved.value) return;
    await guarded(status, async () => {
      const script = await api.get(`/scripts/${enc(saved.value)}`);
      onOpen(script);
      status.textContent = `Opened ${script.name}.`;
    });
  }
  const element = h(
    'div',
    { class: 'toolbar scripts' },
    h('label', { for: 'script-name' }, 'Script name'),
    name,
    h('button', { type: 'button', onclick: save }, 'Save script'),
    h('label', { for: 'script-open' }, 'Saved scripts'),
    saved,
    h('button', { type: 'button', onclick: open }, 'Open'),
    status,
  );
  return {
    element,
    show(tab) {
      id = tab.scriptId;
      name.value = tab.scriptName || '';
      guarded(status, list);
    },
  };
}

/** What completion offers besides the script's own tables: read on opening the editor and after each run. */
function readCatalog() {
  // Completion without the catalog still offers what the script declares, so a failure here is not shown.
  api
    .get('/functions')
    .then((list) => {
      functionNames = list.functions.map((f) => f.name);
    })
    .catch(() => {});
  api
    .get('/tables')
    .then((list) => {
      catalogTables = list.tables;
    })
    .catch(() => {});
}

function chain(a, b) {
  return () => {
    a();
    b();
  };
}

// ---- Admin pages ----

function approvalsPage(main) {
  const area = h('div');
  main.append(h('button', { type: 'button', onclick: load }, 'Refresh'), area);
  async function load() {
    await guarded(area, async () => {
      const { approvals } = await api.get('/approvals');
      fill(
        area,
        approvals.length
          ? approvals.map((a) => {
              const comment = h('input', {});
              const decide = (verb) =>
                guarded(area, async () => {
                  await api.post(`/approvals/${enc(a.id)}:${verb}`, comment.value ? { comment: comment.value } : {});
                  await load();
                });
              return h(
                'article',
                { class: 'approval', 'aria-label': `Approval ${a.id}` },
                h(
                  'h2',
                  {},
                  `${a.status} · ${a.tenant} · asked by ${a.requestedBy} at ${new Date(a.requestedAt).toLocaleString()}`,
                ),
                h('pre', {}, a.sql),
                h(
                  'p',
                  {},
                  `Demand: ${num(a.demand.cpuCores)} cores, ${num(a.demand.taskSlots)} slots, ${bytes(a.demand.memoryBytes)} memory, ${bytes(a.demand.stateBytes)} state; exceeds ${a.exceeded.join(', ')}`,
                ),
                a.status === 'PENDING'
                  ? h(
                      'div',
                      { class: 'toolbar' },
                      field('Comment', comment),
                      h('button', { type: 'button', class: 'primary', onclick: () => decide('approve') }, 'Approve'),
                      h('button', { type: 'button', onclick: () => decide('reject') }, 'Reject'),
                    )
                  : h('p', {}, `${a.decidedBy || ''} ${a.comment || ''} ${a.jobId ? `job ${a.jobId}` : ''}`),
              );
            })
          : h('p', {}, 'No approval requests.'),
      );
    });
  }
  load();
}

function quotasPage(main) {
  const area = h('div');
  main.append(area);
  guarded(area, async () => {
    const { tenants } = await api.get('/tenants');
    const quotas = await Promise.all(tenants.map((t) => api.get(`/tenants/${enc(t.name)}/quota`)));
    // Running queries and pending approval requests are capped by gateway options, the same for every tenant.
    fill(
      area,
      table(
        ['tenant', 'jobs', 'task slots', 'CPU cores', 'memory', 'state', 'queries', 'pending approvals', ''],
        quotas.map((q) => {
          const inputs = ['jobs', 'taskSlots', 'cpuCores', 'memoryBytes', 'stateBytes'].map((key) => {
            const input = h('input', {
              type: 'number',
              min: '0',
              step: 'any',
              value: q.quota[key],
              'aria-label': `${q.tenant} ${key}`,
            });
            input.dataset.key = key;
            return input;
          });
          const cells = inputs.map((input) => h('span', {}, input, ` used ${q.used[input.dataset.key] ?? 0}`));
          const caps = ['queries', 'pendingApprovals'].map((key) => `${q.used[key] ?? 0} of ${q.quota[key]}`);
          return [
            q.tenant + (q.source === 'default' ? ' (default)' : ''),
            ...cells,
            ...caps,
            h(
              'button',
              {
                type: 'button',
                'aria-label': `Save ${q.tenant} quota`,
                onclick: () =>
                  guarded(area, async () => {
                    await api.put(
                      `/tenants/${enc(q.tenant)}/quota`,
                      Object.fromEntries(
                        inputs.map((i) => [
                          `max${i.dataset.key[0].toUpperCase()}${i.dataset.key.slice(1)}`,
                          Number(i.value),
                        ]),
                      ),
                    );
                    show('quotas');
                  }),
              },
              'Save',
            ),
          ];
        }),
      ),
    );
  });
}

function auditPage(main) {
  const filters = {
    tenant: h('input'),
    actor: h('input'),
    action: h('input'),
    since: h('input', { type: 'datetime-local' }),
  };
  const area = h('div');
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Audit filters' },
    field('Tenant', filters.tenant),
    field('Actor', filters.actor),
    field('Action', filters.action),
    field('Since', filters.since),
    h('button', { type: 'submit' }, 'Filter'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  main.append(form, area);
  async function load() {
    const query = new URLSearchParams();
    for (const [key, input] of Object.entries(filters)) {
      if (!input.value) continue;
      query.set(key, key === 'since' ? new Date(input.value).toISOString() : input.value);
    }
    await guarded(area, async () => {
      const { entries } = await api.get(`/audit?${query}`);
      fill(
        area,
        table(
          ['time', 'tenant', 'actor', 'action', 'target', 'result'],
          entries.map((e) => [
            new Date(e.time).toLocaleString(),
            e.tenant,
            e.actorName,
            e.action,
            e.target || '',
            e.result,
          ]),
        ),
      );
    });
  }
  load();
}

export { ApiError };
signInPage();
