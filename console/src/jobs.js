// The Jobs page: the tenant's jobs; one job's figures next to its estimate, its operator graph, its savepoints and
// status history; stop with a savepoint, cancel, resume, and rewind to an older savepoint.
import { enc } from './api.js';
import { h, fill, bytes, num, table, guarded } from './dom.js';
import { graphSvg, percent } from './graph.js';

// SCHEDULING: on the cluster, but some tasks wait for slots, deploy or restart; it can be stopped like a running job.
const ACTIVE = ['SUBMITTED', 'SCHEDULING', 'RUNNING'];
const REFRESH_MS = 2000;
// The list is polled less often than the open job's figures: it only shows statuses.
const LIST_REFRESH_MS = 5000;
const COLUMNS = ['name', 'job', 'tenant', 'status', 'started', 'SQL', ''];
const STATUS_CELL = COLUMNS.indexOf('status');
const STARTED_CELL = COLUMNS.indexOf('started');

/**
 * @param api the signed-in API
 * @param onLeave registers what to stop when the analyst leaves the page
 */
export function jobsPage(main, { api, onLeave }) {
  const list = h('div', { class: 'job-list' });
  const changes = h('p', { class: 'job-list-changes', role: 'status', 'aria-live': 'polite' });
  const detail = h('section', { class: 'job-detail', 'aria-label': 'Job' });
  main.append(
    h(
      'div',
      { class: 'toolbar' },
      h('button', { type: 'button', onclick: () => load() }, 'Refresh'),
      h('span', { class: 'job-list-note' }, `The list refreshes every ${LIST_REFRESH_MS / 1000} s.`),
    ),
    changes,
    list,
    detail,
  );
  let openId = null;
  let shownPlan = null;
  let timer = null;
  // What the list shows, by job id: its status and row, so a refresh changes cells in place.
  let listed = new Map();
  // The list refreshes by itself while the page is seen; a tab in the background asks nothing.
  const listTimer = setInterval(() => {
    if (!document.hidden) load();
  }, LIST_REFRESH_MS);
  const onVisible = () => {
    if (!document.hidden) load();
  };
  document.addEventListener('visibilitychange', onVisible);
  onLeave(() => {
    clearTimeout(timer);
    clearInterval(listTimer);
    document.removeEventListener('visibilitychange', onVisible);
  });

  async function load() {
    await guarded(list, async () => {
      const { jobs } = await api.get('/jobs');
      if (!list.isConnected) return;
      show(jobs);
    });
  }

  /**
   * Shows the jobs: when the same jobs are listed in the same order, only the cells that changed are rewritten, so
   * the analyst's scroll position, focus and text selection stay; a status that changed is marked and announced.
   */
  function show(jobs) {
    const changed = jobs.filter((j) => listed.has(j.id) && listed.get(j.id).status !== j.status);
    const ids = [...listed.keys()];
    const same = jobs.length === ids.length && jobs.every((j, i) => ids[i] === j.id) && list.querySelector('table');
    if (same) {
      for (const j of jobs) {
        const row = listed.get(j.id).row;
        if (row.cells[STATUS_CELL].textContent !== j.status) fill(row.cells[STATUS_CELL], statusOf(j));
        const started = startedText(j);
        if (row.cells[STARTED_CELL].textContent !== started) row.cells[STARTED_CELL].textContent = started;
        row.querySelector('button').setAttribute('aria-pressed', String(j.id === openId));
      }
    } else {
      fill(list, jobs.length ? table(COLUMNS, jobs.map(cellsOf)) : h('p', {}, 'No jobs yet.'));
    }
    const rows = list.querySelectorAll('tbody tr');
    listed = new Map(jobs.map((j, i) => [j.id, { status: j.status, row: rows[i] }]));
    for (const j of changed) listed.get(j.id).row.classList.add('changed');
    if (changed.length) {
      fill(changes, `Status changed: ${changed.map((j) => `${j.name ?? j.id} is ${j.status}`).join('; ')}.`);
    }
  }

  function cellsOf(j) {
    return [
      j.name ?? '–',
      j.id,
      j.tenant,
      statusOf(j),
      startedText(j),
      h('code', {}, j.sql.length > 100 ? `${j.sql.slice(0, 100)}…` : j.sql),
      h(
        'button',
        {
          type: 'button',
          'aria-label': `Open job ${j.id}`,
          'aria-pressed': String(j.id === openId),
          onclick: () => open(j.id),
        },
        'Open',
      ),
    ];
  }

  /** Shows one job, and keeps its figures fresh while it runs. */
  async function open(id) {
    clearTimeout(timer);
    openId = id;
    await guarded(detail, async () => {
      const [job, plan] = await Promise.all([api.get(`/jobs/${enc(id)}`), planOf(id)]);
      render(job, plan);
    });
    load();
  }

  /** The plan, or the reason there is none (a job that never started, or one the cluster forgot). */
  async function planOf(id) {
    try {
      return await api.get(`/jobs/${enc(id)}/plan`);
    } catch (error) {
      return { error };
    }
  }

  async function act(id, verb, body, busyText) {
    clearTimeout(timer);
    fill(status(), busyText);
    await guarded(status(), async () => {
      await api.post(`/jobs/${enc(id)}:${verb}`, body);
      await open(id);
    });
  }

  const status = () => detail.querySelector('.job-action-status') || detail;

  function render(job, plan) {
    shownPlan = plan;
    const active = ACTIVE.includes(job.status);
    const drain = h('input', { type: 'checkbox' });
    const actions = active
      ? [
          h(
            'button',
            {
              type: 'button',
              class: 'primary',
              onclick: () =>
                act(job.id, 'stop', { savepoint: true, drain: drain.checked }, 'Taking a savepoint and stopping…'),
            },
            'Stop with savepoint',
          ),
          h('label', { class: 'inline' }, drain, ' drain first (fire every window; for a final stop)'),
          h('button', { type: 'button', onclick: () => act(job.id, 'stop', {}, 'Canceling…') }, 'Cancel job'),
        ]
      : [
          h(
            'button',
            { type: 'button', class: 'primary', onclick: () => act(job.id, 'resume', {}, 'Resuming…') },
            'Resume from latest',
          ),
        ];
    const savepoints = job.savepoints || [];
    fill(
      detail,
      h('h2', {}, job.name ? `Job ${job.name} (${job.id})` : `Job ${job.id}`),
      h(
        'p',
        { class: 'job-status', 'data-status': job.status },
        h('strong', {}, job.status),
        job.statusMessage ? ` – ${job.statusMessage}` : '',
      ),
      h('div', { class: 'toolbar' }, actions),
      h('div', { class: 'job-action-status', role: 'status', 'aria-live': 'polite' }),
      h('h3', {}, 'Measured next to the estimate'),
      h('div', { class: 'job-figures' }, figures(job)),
      h('h3', {}, 'Operator graph'),
      plan.error
        ? h('p', {}, plan.error.message)
        : h('div', { class: 'graph-area' }, graphSvg(plan, job.measured ? job.measured.vertices : [])),
      h('h3', {}, 'Savepoints'),
      savepoints.length
        ? table(
            ['taken', 'kind', 'why', 'path', ''],
            [...savepoints].reverse().map((s, i) => [
              new Date(s.time).toLocaleString(),
              s.kind,
              s.trigger,
              h('code', {}, s.path),
              active
                ? ''
                : h(
                    'button',
                    {
                      type: 'button',
                      'aria-label': `Rewind to ${s.kind.toLowerCase()} taken ${new Date(s.time).toLocaleString()}`,
                      onclick: () => act(job.id, 'resume', { savepoint: s.path }, 'Rewinding…'),
                    },
                    i === 0 ? 'Resume from here' : 'Rewind to here',
                  ),
            ]),
          )
        : h('p', {}, 'None yet: stop the job with a savepoint to take one.'),
      h('h3', {}, 'Status history'),
      h(
        'ol',
        { class: 'history' },
        (job.history || []).map((c) =>
          h('li', {}, `${new Date(c.time).toLocaleString()}: ${c.status}${c.reason ? ` – ${c.reason}` : ''}`),
        ),
      ),
      h('details', {}, h('summary', {}, 'SQL'), h('pre', {}, job.sql)),
    );
    if (active) {
      timer = setTimeout(() => refresh(job), REFRESH_MS);
    }
  }

  /** Refreshes the figures in place while the job runs; a change of status redraws the whole view. */
  async function refresh(shown) {
    if (openId !== shown.id || !detail.isConnected) return;
    try {
      const job = await api.get(`/jobs/${enc(shown.id)}`);
      if (openId !== shown.id) return;
      if (job.status !== shown.status || job.flinkJobId !== shown.flinkJobId) {
        open(job.id);
        return;
      }
      const area = detail.querySelector('.job-figures');
      const expanded = area.querySelector('details')?.open; // the per-operator estimate stays open if it was
      fill(area, figures(job));
      if (expanded) area.querySelector('details').open = true;
      const graph = detail.querySelector('.graph-area');
      if (graph && job.measured) fill(graph, graphSvg(shownPlan, job.measured.vertices));
      timer = setTimeout(() => refresh(job), REFRESH_MS);
    } catch {
      timer = setTimeout(() => refresh(shown), REFRESH_MS * 2);
    }
  }

  load();
}

/**
 * What Flink measures of the job now, next to what it was admitted with: records per second at the sources, CPU,
 * state; then each task's rates, busy time and back pressure.
 */
function figures(job) {
  const e = job.estimate;
  const m = job.measured;
  const sources = e ? e.operators.filter((o) => o.kind === 'SOURCE') : [];
  const vertices = m ? m.vertices : [];
  const busyCores = vertices.reduce((sum, v) => sum + ((v.busyTimeMsPerSecond || 0) / 1000) * v.parallelism, 0);
  const bp = Math.max(0, ...vertices.map((v) => v.backPressuredTimeMsPerSecond || 0));
  const summary = table(
    ['', 'estimate', 'measured'],
    [
      [
        'records/s read',
        e
          ? num(
              sources.reduce((sum, o) => sum + o.outputRate, 0),
              1,
            )
          : '–',
        // The sources' own output: their tasks' output is after the operators chained to them.
        m && m.recordsReadPerSecond !== undefined ? num(m.recordsReadPerSecond, 1) : '–',
      ],
      ['CPU cores', e ? num(e.totals.cpuCores) : '–', m ? `${num(busyCores)} busy` : '–'],
      ['state', e ? bytes(e.totals.stateBytes) : '–', m ? bytes(m.stateSizeBytes) : '–'],
      [
        'last checkpoint',
        '',
        m && m.lastCheckpointMillis !== undefined
          ? `${bytes(m.lastCheckpointBytes)} in ${num(m.lastCheckpointMillis)} ms`
          : '–',
      ],
      ['backpressure (worst task)', '', m ? percent(bp) : '–'],
    ],
  );
  const perTask = vertices.length
    ? table(
        ['task', 'parallelism', 'in/s', 'out/s', 'busy', 'backpressure'],
        vertices.map((v) => [
          v.name,
          v.parallelism,
          num(v.recordsInPerSecond, 1),
          num(v.recordsOutPerSecond, 1),
          percent(v.busyTimeMsPerSecond),
          percent(v.backPressuredTimeMsPerSecond),
        ]),
      )
    : h(
        'p',
        {},
        ACTIVE.includes(job.status) ? 'Waiting for Flink to report figures…' : `No figures: the job is ${job.status}.`,
      );
  const estimated = e
    ? h(
        'details',
        {},
        h('summary', {}, `Estimate per operator (${e.operators.length})`),
        table(
          ['operator', 'parallelism', 'in/s', 'out/s', 'cores', 'state'],
          e.operators.map((o) => [
            o.name || o.kind,
            o.parallelism,
            num(o.inputRate, 1),
            num(o.outputRate, 1),
            num(o.cpuCores),
            bytes(o.stateBytes),
          ]),
        ),
      )
    : null;
  return [summary, perTask, estimated];
}

function statusOf(job) {
  return h('span', { class: 'job-state', 'data-status': job.status }, job.status);
}

function startedText(job) {
  return `${new Date(job.startTime).toLocaleString()}${job.status === 'RUNNING' ? ` (up ${uptime(job.startTime)})` : ''}`;
}

function uptime(since) {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(since).getTime()) / 1000));
  return seconds < 60
    ? `${seconds} s`
    : seconds < 3600
      ? `${Math.floor(seconds / 60)} min`
      : `${(seconds / 3600).toFixed(1)} h`;
}
