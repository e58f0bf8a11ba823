// A job's operator graph (GET /api/v1/jobs/{id}/plan) drawn as SVG boxes and arrows, left to right from the sources.
import { num } from './dom.js';

const BOX_WIDTH = 250;
const LINE_HEIGHT = 15;
const PAD = 8;
const GAP_X = 70;
const GAP_Y = 24;
const MAX_CHARS = 36;

/** A vertex's name as lines: Flink joins chained operators with " -> "; long ones are cut with an ellipsis. */
export function nameLines(name) {
  return name.split(/\s*->\s*/).map((part) => (part.length > MAX_CHARS ? `${part.slice(0, MAX_CHARS - 1)}…` : part));
}

/**
 * Places the plan's vertices in columns by their longest distance from a source, in the order the plan lists them
 * within a column; edges run from the right side of one box to the left side of the next.
 *
 * @param extraLines how many lines of figures to leave room for under each vertex's name
 */
export function layout(plan, extraLines = 0) {
  const depth = new Map(plan.vertices.map((v) => [v.id, 0]));
  // Longest path by relaxation: at most one pass per vertex in a DAG; edges to unknown vertices are ignored.
  for (let pass = 0; pass < plan.vertices.length; pass++) {
    let changed = false;
    for (const e of plan.edges) {
      if (!depth.has(e.source) || !depth.has(e.target)) continue;
      if (depth.get(e.target) < depth.get(e.source) + 1) {
        depth.set(e.target, depth.get(e.source) + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns = [];
  const nodes = new Map();
  for (const v of plan.vertices) {
    const column = depth.get(v.id);
    columns[column] = columns[column] || [];
    const lines = nameLines(v.name);
    const height = PAD * 2 + LINE_HEIGHT * (lines.length + 1 + extraLines);
    const above = columns[column].reduce((sum, n) => sum + n.height + GAP_Y, 0);
    const node = {
      ...v,
      lines,
      column,
      x: PAD + column * (BOX_WIDTH + GAP_X),
      y: PAD + above,
      width: BOX_WIDTH,
      height,
    };
    columns[column].push(node);
    nodes.set(v.id, node);
  }
  const edges = plan.edges
    .filter((e) => nodes.has(e.source) && nodes.has(e.target))
    .map((e) => {
      const from = nodes.get(e.source);
      const to = nodes.get(e.target);
      return { ...e, x1: from.x + from.width, y1: from.y + from.height / 2, x2: to.x, y2: to.y + to.height / 2 };
    });
  const all = [...nodes.values()];
  return {
    nodes: all,
    edges,
    width: Math.max(BOX_WIDTH, ...all.map((n) => n.x + n.width)) + PAD,
    height: Math.max(LINE_HEIGHT, ...all.map((n) => n.y + n.height)) + PAD,
  };
}

/**
 * The graph as an SVG element.
 *
 * @param measured Flink's figures per vertex name (GET /api/v1/jobs/{id}'s measured.vertices), shown in the boxes
 */
export function graphSvg(plan, measured = []) {
  const figures = new Map(measured.map((m) => [m.name, m]));
  const g = layout(plan, figures.size ? 2 : 0);
  const ns = 'http://www.w3.org/2000/svg';
  const el = (tag, attrs, parent) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    parent.append(node);
    return node;
  };
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${g.width} ${g.height}`);
  svg.setAttribute('width', String(g.width));
  svg.setAttribute('class', 'graph');
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    `Operator graph: ${g.nodes.length} tasks, ${g.edges.length} connections. ` +
      g.edges
        .map(
          (e) =>
            `${plan.vertices.find((v) => v.id === e.source).name} to ${plan.vertices.find((v) => v.id === e.target).name} (${e.shipStrategy})`,
        )
        .join('; '),
  );
  svg.dataset.vertices = String(g.nodes.length);
  svg.dataset.edges = String(g.edges.length);
  const marker = el(
    'marker',
    { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '8', markerHeight: '8', orient: 'auto' },
    el('defs', {}, svg),
  );
  el('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }, marker);
  for (const e of g.edges) {
    const mid = (e.x1 + e.x2) / 2;
    el(
      'path',
      {
        d: `M${e.x1},${e.y1} C${mid},${e.y1} ${mid},${e.y2} ${e.x2},${e.y2}`,
        class: 'edge',
        'marker-end': 'url(#arrow)',
      },
      svg,
    );
    el('text', { x: mid, y: (e.y1 + e.y2) / 2 - 4, class: 'edge-label', 'text-anchor': 'middle' }, svg).textContent =
      e.shipStrategy;
  }
  for (const n of g.nodes) {
    const box = el('g', { class: 'vertex' }, svg);
    el('title', {}, box).textContent = n.name;
    el('rect', { x: n.x, y: n.y, width: n.width, height: n.height, rx: '4' }, box);
    const lines = [...n.lines, `parallelism ${n.parallelism}`];
    const m = figures.get(n.name);
    if (m) {
      lines.push(
        `in ${num(m.recordsInPerSecond, 1)}/s · out ${num(m.recordsOutPerSecond, 1)}/s`,
        `busy ${percent(m.busyTimeMsPerSecond)} · backpressure ${percent(m.backPressuredTimeMsPerSecond)}`,
      );
    }
    lines.forEach((line, i) => {
      el(
        'text',
        { x: n.x + PAD, y: n.y + PAD + LINE_HEIGHT * (i + 1) - 3, class: i < n.lines.length ? 'name' : 'figures' },
        box,
      ).textContent = line;
    });
  }
  return svg;
}

/** Flink's ms-per-second figures as a percentage of the time. */
export function percent(msPerSecond) {
  return msPerSecond === undefined || msPerSecond === null ? '–' : `${num(msPerSecond / 10, 0)}%`;
}
