// The editor's tabs: each its own script, with the saved script it was opened from or saved as. Kept in the
// browser's local storage under the user (tenant and token name), so a reload or another page brings them back; the
// token never is. Every function here returns a new state and leaves the one given unchanged.

const VERSION = 1;

/** Where a user's tabs are kept. */
export function storageKey(caller) {
  return `sluice.editor.v${VERSION}.${caller.tenant}.${caller.name}`;
}

/** A state with one tab holding {@code sql}. */
export function freshTabs(sql) {
  return addTab({ tabs: [], active: null, next: 1 }, sql).state;
}

/** The stored state, or one tab with {@code initialSql} when nothing (readable) is stored. */
export function loadTabs(storage, key, initialSql) {
  try {
    const stored = JSON.parse(storage.getItem(key));
    if (stored && Array.isArray(stored.tabs) && stored.tabs.length && stored.tabs.every(validTab)) {
      const active = stored.tabs.some((t) => t.id === stored.active) ? stored.active : stored.tabs[0].id;
      const next = Math.max(Number(stored.next) || 1, ...stored.tabs.map((t) => t.number + 1));
      return { tabs: stored.tabs, active, next };
    }
  } catch {
    // unreadable (another version, edited by hand): start afresh
  }
  return freshTabs(initialSql);
}

function validTab(tab) {
  return tab && typeof tab.id === 'string' && typeof tab.sql === 'string' && Number.isInteger(tab.number);
}

/** Keeps the state; a full or refused storage loses only this save (the tabs stay on the page). */
export function saveTabs(storage, key, state) {
  try {
    storage.setItem(key, JSON.stringify(state));
    return true;
  } catch {
    return false;
  }
}

/** Adds a tab with {@code sql} (and the saved script's {@code scriptId}, {@code scriptName}), made active. */
export function addTab(state, sql = '', saved = {}) {
  const id = `tab-${state.next}`;
  const tab = {
    id,
    number: state.next,
    sql,
    scriptId: saved.scriptId || null,
    scriptName: saved.scriptName || null,
    tests: saved.tests || [],
  };
  return { state: { tabs: [...state.tabs, tab], active: id, next: state.next + 1 }, id };
}

/** Closes a tab; the one to its right (else left) becomes active. Closing the last leaves one empty tab. */
export function closeTab(state, id) {
  const at = state.tabs.findIndex((t) => t.id === id);
  if (at < 0) return state;
  const tabs = state.tabs.filter((t) => t.id !== id);
  if (!tabs.length) return addTab({ ...state, tabs: [] }, '').state;
  const active = state.active === id ? tabs[Math.min(at, tabs.length - 1)].id : state.active;
  return { ...state, tabs, active };
}

export function activate(state, id) {
  return state.tabs.some((t) => t.id === id) ? { ...state, active: id } : state;
}

/** Changes fields of a tab: {sql}, {scriptId, scriptName}, {tests}. */
export function updateTab(state, id, patch) {
  return { ...state, tabs: state.tabs.map((t) => (t.id === id ? { ...t, ...patch } : t)) };
}

export function activeTab(state) {
  return state.tabs.find((t) => t.id === state.active);
}

/** What a tab is called: its saved script's name, else "Untitled N". */
export function tabLabel(tab) {
  return tab.scriptName || `Untitled ${tab.number}`;
}
