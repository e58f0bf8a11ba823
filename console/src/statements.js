// A script's statements and where each is, as the gateway splits them (SqlScript): a `;` inside a string, a quoted
// identifier, a comment or an EXECUTE STATEMENT SET BEGIN ... END block does not end a statement.

/**
 * The script's statements, in order: {from, to, sql} where [from, to) is the statement's text (from its first
 * character that is not white space to its `;` or the script's end) and sql that text without trailing white space.
 */
export function splitStatements(text) {
  const statements = [];
  let start = -1;
  let hasCode = false;
  let words = ['', ''];
  let depth = 0;
  const finish = (end) => {
    if (hasCode) statements.push({ from: start, to: end, sql: text.slice(start, end).trimEnd() });
    start = -1;
    hasCode = false;
    words = ['', ''];
    depth = 0;
  };
  const mark = (i, code) => {
    if (start < 0) start = i;
    if (code) hasCode = true;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      mark(i, false);
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      mark(i, false);
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      mark(i, true);
      i++;
      while (i < text.length) {
        if (text[i] === c && text[i + 1] === c)
          i += 2; // a doubled quote is an escaped one
        else if (text[i++] === c) break;
      }
    } else if (c === ';' && depth === 0) {
      finish(i);
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      mark(i, true);
      const begin = i;
      while (i < text.length && /\w/.test(text[i])) i++;
      const word = text.slice(begin, i).toUpperCase();
      if (word === 'BEGIN' && words[1] === 'SET' && words[0] === 'STATEMENT') depth++;
      else if (word === 'END' && depth > 0) depth--;
      words = [words[1], word];
    } else {
      mark(i, true);
      i++;
    }
  }
  finish(text.length);
  return statements;
}

/**
 * The statement at the cursor: the one the cursor is in, else the last one before it (the cursor just after its `;`
 * or on the blank lines below it), else the first; null for a script without one.
 */
export function statementAt(text, cursor) {
  const statements = splitStatements(text);
  if (!statements.length) return null;
  return statements.filter((s) => s.from <= cursor).pop() || statements[0];
}

/**
 * The statement alone, at the line and column it has in the script: what is before it is blanked (line breaks kept),
 * so the gateway's errors point into the editor as for the whole script.
 */
export function inPlace(text, statement) {
  return text.slice(0, statement.from).replace(/[^\r\n]/g, ' ') + statement.sql;
}
