// ESLint for the console (npm run lint; ./sluice test --fast runs it): the recommended rules, with the globals of
// where each file runs. Formatting is Prettier's (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/', 'test-output/'] },
  js.configs.recommended,
  // A disable comment that no longer disables anything fails too, so none outlives its reason.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  // The console itself runs in the browser.
  { files: ['src/**/*.js'], languageOptions: { globals: globals.browser } },
  // Build configuration and the unit tests run in Node.js.
  { files: ['*.js', 'test/**/*.mjs'], languageOptions: { globals: globals.node } },
  // The browser tests and the benchmark drive Chromium from Node.js: the functions they pass to page.evaluate and
  // waitForFunction run in the page.
  {
    files: ['test/browser.mjs', 'test/bench.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
