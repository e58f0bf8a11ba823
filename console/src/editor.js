// The SQL editor: CodeMirror 6 with Flink-flavoured SQL, diagnostics from /statements:validate as the analyst types,
// and completion of the script's tables and columns and the catalog's functions.
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { sql, StandardSQL } from '@codemirror/lang-sql';
import { linter, lintGutter, lintKeymap } from '@codemirror/lint';

/** How long typing must pause before the script is validated. */
export const VALIDATE_DELAY_MS = 150;

/** Tables and their columns declared by CREATE TABLE statements in the script (the API has no catalog listing). */
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
      if ((c === ',' && depth === 1) || depth === 0) { columns.push(part); part = ''; } else part += c;
    }
    tables.set(match[1], columns
      .map((c) => c.trim().match(/^`?(\w+)`?\s+\w/))
      .filter((m) => m && !/^(watermark|primary|constraint)$/i.test(m[1]))
      .map((m) => m[1]));
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
      from, to,
      severity: d.severity === 'warning' ? 'warning' : 'error',
      source: d.code,
      message: d.hint ? `${d.message}\nHint: ${d.hint}` : d.message,
    };
  });
}

/**
 * @param onValidated called with the validation result (or an error) after every check, for the status line
 * @param functionNames returns the catalog's function names for completion
 */
export function createEditor(parent, { initial, validate, onValidated, functionNames }) {
  const complete = (context) => {
    const word = context.matchBefore(/\w+/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const options = [];
    for (const [table, columns] of declaredTables(context.state.doc.toString())) {
      options.push({ label: table, type: 'class', detail: 'table' });
      for (const column of columns) options.push({ label: column, type: 'property', detail: table });
    }
    for (const name of functionNames()) options.push({ label: name, type: 'function', detail: 'catalog function' });
    return { from: word.from, options, validFor: /^\w*$/ };
  };
  const lint = linter(async (view) => {
    const text = view.state.doc.toString();
    if (!text.trim()) return [];
    try {
      const result = await validate(text);
      onValidated(result, null);
      // The document may have changed meanwhile; CodeMirror maps stale positions, this only clamps them.
      return toCodeMirror(view.state.doc, result.diagnostics);
    } catch (error) {
      onValidated(null, error);
      return [];
    }
  }, { delay: VALIDATE_DELAY_MS });
  const language = sql({ dialect: StandardSQL, upperCaseKeywords: true });
  return new EditorView({
    doc: initial,
    parent,
    extensions: [
      // A small setup of our own (not codemirror's basicSetup): what an SQL editor needs, and a smaller bundle.
      lineNumbers(), history(), drawSelection(), highlightActiveLine(), bracketMatching(), closeBrackets(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }), autocompletion(),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
      language,
      language.language.data.of({ autocomplete: complete }),
      lint,
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'SQL script' }),
    ],
  });
}
