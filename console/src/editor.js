// The SQL editor: CodeMirror 6 with Flink-flavoured SQL, diagnostics from /statements:validate as the analyst types,
// and completion of tables, their columns and functions: the catalog's and those the script declares.
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { keywordCompletionSource, sql, StandardSQL } from '@codemirror/lang-sql';
import { linter, lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { EditorState, Prec } from '@codemirror/state';

/**
 * How long typing must pause before the script is validated: a bit under the time between two keystrokes of a fast
 * typist, so a burst of typing is checked once at its end (docs/benchmarks.md §11 has what it costs and saves).
 */
export const VALIDATE_DELAY_MS = 75;

/**
 * Makes {@code check(view)} run one at a time: a check asked for while another is under way waits for it, and is
 * skipped (no diagnostics, no call) if the document changed while it waited, as that change asked for a check of its
 * own. So an editor never has more than one validation on the gateway, however fast the analyst types.
 */
export function oneAtATime(check) {
  let last = null; // the check under way (settled either way), or null when none is
  return (view) => {
    const asked = view.state.doc;
    const run = () => (view.state.doc === asked ? check(view) : []);
    const next = last ? last.then(run) : Promise.resolve(run());
    const settled = next.catch(() => {});
    last = settled;
    settled.then(() => {
      if (last === settled) last = null;
    });
    return next;
  };
}

/** Tables and their columns declared by CREATE TABLE statements in the script, before they are in the catalog. */
export function declaredTables(text) {
  const tables = new Map();
  const create = /create\s+(?:temporary\s+)?table\s+(?:if\s+not\s+exists\s+)?`?(\w+)`?\s*\(/gi;
  let match;
  while ((match = create.exec(text)) !== null) {
    const columns = [];
    let depth = 1;
    let i = create.lastIndex;
    let part = '';
    for (; i < text.length && depth > 0; i++) {
      const c = text[i];
      if (c === '(') depth++;
      if (c === ')') depth--;
      if ((c === ',' && depth === 1) || depth === 0) {
        columns.push(part);
        part = '';
      } else part += c;
    }
    tables.set(
      match[1],
      columns
        .map((c) => c.trim().match(/^`?(\w+)`?\s+\w/))
        .filter((m) => m && !/^(watermark|primary|constraint)$/i.test(m[1]))
        .map((m) => m[1]),
    );
  }
  return tables;
}

/** The document's line with the API's 1-based number, clamped to the document. */
function lineOf(doc, line) {
  return doc.line(Math.min(Math.max(line || 1, 1), doc.lines));
}

/** A CodeMirror position from the API's 1-based line and column, clamped to the document. */
function position(doc, line, column) {
  const l = lineOf(doc, line);
  return Math.min(l.from + Math.max((column || 1) - 1, 0), l.to);
}

/** Maps the API's diagnostics (1-based, end column inclusive) to CodeMirror's. */
export function toCodeMirror(doc, diagnostics) {
  return diagnostics.map((d) => {
    const from = position(doc, d.line, d.column);
    let to = d.endLine ? Math.min(position(doc, d.endLine, d.endColumn) + 1, doc.length) : lineOf(doc, d.line).to;
    if (to <= from) to = Math.min(from + 1, doc.length);
    return {
      from,
      to,
      severity: d.severity === 'warning' ? 'warning' : 'error',
      source: d.code,
      message: d.hint ? `${d.message}\nHint: ${d.hint}` : d.message,
    };
  });
}

/** Aliases given to tables after FROM or JOIN ({@code FROM clicks c}, {@code JOIN users AS u}), lower case. */
export function aliases(text) {
  const found = new Map();
  const keywords = /^(where|group|order|join|left|right|inner|full|cross|on|window|having|limit|union|lateral)$/i;
  for (const m of text.matchAll(/\b(?:from|join)\s+`?(\w+)`?(?:\s+(?:as\s+)?`?(\w+)`?)?/gi)) {
    if (m[2] && !keywords.test(m[2])) found.set(m[2].toLowerCase(), m[1].toLowerCase());
  }
  return found;
}

/**
 * What to offer at the cursor: after {@code table.} (or {@code alias.}), that table's columns; else every table and view, their columns and
 * the functions. Tables the script declares come first and win over the catalog's of the same name.
 *
 * @param catalogTables GET /api/v1/tables's tables: [{name, kind, columns: [{name, type}]}]
 * @param qualifier the name before a dot at the cursor, or null
 */
export function completionOptions(text, catalogTables, functionNames, qualifier) {
  const tables = new Map();
  for (const [name, columns] of declaredTables(text))
    tables.set(name, { kind: 'table in this script', columns: columns.map((c) => ({ name: c })) });
  for (const t of catalogTables)
    if (!tables.has(t.name)) tables.set(t.name, { kind: t.kind.toLowerCase(), columns: t.columns });
  const columnOptions = (table, { columns }) =>
    columns.map((c) => ({ label: c.name, type: 'property', detail: c.type ? `${table} · ${c.type}` : table }));
  if (qualifier !== null) {
    const table = aliases(text).get(qualifier.toLowerCase()) || qualifier.toLowerCase();
    const entry = [...tables].find(([name]) => name.toLowerCase() === table);
    return entry ? columnOptions(...entry) : [];
  }
  const options = [];
  for (const [name, entry] of tables)
    options.push({ label: name, type: 'class', detail: entry.kind }, ...columnOptions(name, entry));
  for (const name of functionNames) options.push({ label: name, type: 'function', detail: 'catalog function' });
  return options;
}

/**
 * @param validate posts the script to /statements:validate, with lints or (false) errors first: (text, lints) => answer
 * @param onValidated called with the validation result (or an error) after every check, and again when the lints of
 *     an errors-first answer come, for the status line
 * @param functionNames returns the catalog's function names for completion
 * @param catalogTables returns the catalog's tables and views with their columns, for completion
 * @param onRun called with 'statement' for Ctrl/Cmd+Enter (the statement at the cursor), 'script' for
 *     Shift+Ctrl/Cmd+Enter
 * @param onChange called with the new text after every change of the document
 * @return the view, and stateFor(text): a new state with the same extensions, for another tab
 */
export function createEditor(
  parent,
  { initial, validate, onValidated, functionNames, catalogTables, onRun, onChange },
) {
  const complete = (context) => {
    const qualified = context.matchBefore(/\w+\.\w*/);
    const word = context.matchBefore(/\w*/);
    if (!qualified && word.from === word.to && !context.explicit) return null;
    const qualifier = qualified ? qualified.text.split('.')[0] : null;
    const options = completionOptions(context.state.doc.toString(), catalogTables(), functionNames(), qualifier);
    return { from: word.from, options, validFor: /^\w*$/ };
  };
  // Not one of the checks run one at a time: the next keystroke's errors must not wait for these lints.
  const followWithLints = (view, text) =>
    validate(text, true).then(
      (full) => {
        if (view.state.doc.toString() !== text) return; // typed on meanwhile: that text has its own check
        onValidated(full, null);
        view.dispatch(setDiagnostics(view.state, toCodeMirror(view.state.doc, full.diagnostics)));
      },
      (error) => {
        if (view.state.doc.toString() === text) onValidated(null, error);
      },
    );
  const lint = linter(
    oneAtATime(async (view) => {
      const text = view.state.doc.toString();
      if (!text.trim()) return [];
      try {
        // Errors first: the gateway answers them before it has planned and linted the script, so the underline
        // does not wait for the lints, which are asked for next and shown when they come.
        const result = await validate(text, false);
        onValidated(result, null);
        if (result.linted === false) followWithLints(view, text);
        // The document may have changed meanwhile; CodeMirror maps stale positions, this only clamps them.
        return toCodeMirror(view.state.doc, result.diagnostics);
      } catch (error) {
        onValidated(null, error);
        return [];
      }
    }),
    { delay: VALIDATE_DELAY_MS },
  );
  const language = sql({ dialect: StandardSQL, upperCaseKeywords: true });
  // SQL keywords too, but not after "table.", where only that table's columns make sense.
  const keywords = keywordCompletionSource(StandardSQL, true);
  const keywordsUnlessQualified = (context) => (context.matchBefore(/\w+\.\w*/) ? null : keywords(context));
  // Above the default keymap, where Mod-Enter inserts a blank line.
  const runKeys = Prec.highest(
    keymap.of([
      { key: 'Mod-Enter', run: () => (onRun('statement'), true) },
      { key: 'Shift-Mod-Enter', run: () => (onRun('script'), true) },
    ]),
  );
  const extensions = [
    // A small setup of our own (not codemirror's basicSetup): what an SQL editor needs, and a smaller bundle.
    runKeys,
    lineNumbers(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    bracketMatching(),
    closeBrackets(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    autocompletion({ override: [complete, keywordsUnlessQualified] }),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
    language,
    lint,
    lintGutter(),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': 'SQL script' }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    }),
  ];
  const stateFor = (doc) => EditorState.create({ doc, extensions });
  return { view: new EditorView({ state: stateFor(initial), parent }), stateFor };
}
