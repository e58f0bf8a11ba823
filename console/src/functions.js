// The Functions page: the tenant's catalog; JavaScript functions written and tried in the page, Java functions uploaded
// as a jar and a class name; each function's versions, and rolling back to one of them.
import { enc } from './api.js';
import { h, fill, field, bytes, table, guarded } from './dom.js';

/** A file's bytes as base64, as POST /functions takes a jar: in chunks, since a jar can be megabytes. */
export async function base64(file) {
  const data = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * @param api the signed-in API
 * @param onFunctions called with the catalog's function names whenever the list is read (for the editor's completion)
 */
export function functionsPage(main, { api, onFunctions }) {
  const list = h('div');
  const editor = h('section', { 'aria-label': 'Function editor' });
  main.append(list, editor);

  async function load() {
    await guarded(list, async () => {
      const { functions } = await api.get('/functions');
      onFunctions(functions.map((f) => f.name));
      fill(
        list,
        h(
          'div',
          { class: 'toolbar' },
          h('button', { type: 'button', onclick: () => edit(null, 'JAVASCRIPT') }, 'New JavaScript function'),
          h('button', { type: 'button', onclick: () => edit(null, 'JAVA') }, 'Upload Java function'),
        ),
        functions.length
          ? table(
              ['name', 'signature', 'language', 'version', ''],
              functions.map((f) => [
                f.name,
                f.signatureText,
                f.language,
                `${f.currentVersion} of ${f.latestVersion}`,
                h(
                  'button',
                  { type: 'button', 'aria-label': `Open ${f.name}`, onclick: () => edit(f, f.language) },
                  'Open',
                ),
              ]),
            )
          : h('p', {}, 'No functions yet.'),
      );
    });
  }

  /** Shows a function (or a form for a new one), with {@code message} in its status line. */
  async function edit(fn, language, message) {
    const versions = fn ? (await api.get(`/functions/${enc(fn.name)}/versions`)).versions : [];
    const current = versions.find((v) => v.current);
    const name = h('input', { value: fn ? fn.name : '', disabled: !!fn, pattern: '[a-z][a-z0-9_]*' });
    const status = h('div', { 'aria-live': 'polite' }, message ? h('p', { class: 'ok' }, message) : null);
    const form =
      language === 'JAVASCRIPT' ? javaScriptForm(fn, current) : language === 'JAVA' ? javaForm(current) : null;

    async function save() {
      await guarded(status, async () => {
        const body = { language, ...(await form.body()) };
        const saved = fn
          ? await api.post(`/functions/${enc(fn.name)}/versions`, body)
          : await api.post('/functions', { name: name.value.trim(), ...body });
        const savedName = fn ? fn.name : saved.name;
        await load();
        await edit(
          await api.get(`/functions/${enc(savedName)}`),
          language,
          `Saved ${savedName} version ${saved.currentVersion || saved.version}.`,
        );
      });
    }
    async function tryIt(args) {
      await guarded(status, async () => {
        const answer = await api.post(`/functions/${enc(fn ? fn.name : name.value.trim())}:try`, {
          arguments: JSON.parse(args),
        });
        fill(status, h('p', { class: 'ok try-result' }, `Result: ${JSON.stringify(answer.result)}`));
      });
    }
    async function rollBack(version) {
      await guarded(status, async () => {
        await api.post(`/functions/${enc(fn.name)}:rollback`, { version });
        await load();
        await edit(await api.get(`/functions/${enc(fn.name)}`), language, `Rolled back to version ${version}.`);
      });
    }
    const title = fn
      ? `Function ${fn.name}`
      : language === 'JAVA'
        ? 'Upload a Java function'
        : 'New JavaScript function';
    fill(
      editor,
      h('h2', {}, title),
      field('Name', name),
      form
        ? [
            form.fields,
            h(
              'div',
              { class: 'toolbar' },
              h(
                'button',
                { type: 'button', class: 'primary', onclick: save },
                fn ? 'Publish new version' : language === 'JAVA' ? 'Upload' : 'Create',
              ),
            ),
            form.tryIt ? form.tryIt(tryIt) : null,
          ]
        : h('p', {}, `${language} functions are defined through the API (POST /api/v1/functions/${fn.name}/versions).`),
      status,
      fn
        ? h(
            'section',
            { 'aria-label': 'Versions' },
            h('h3', {}, 'Versions'),
            table(
              ['version', 'created', 'by', 'sha256', 'size', ''],
              versions.map((v) => [
                v.version + (v.current ? ' (current)' : ''),
                new Date(v.createdAt).toLocaleString(),
                v.createdBy,
                h('code', {}, v.sha256.slice(0, 12)),
                bytes(v.size),
                v.current
                  ? ''
                  : h(
                      'button',
                      {
                        type: 'button',
                        'aria-label': `Roll back to version ${v.version}`,
                        onclick: () => rollBack(v.version),
                      },
                      'Roll back',
                    ),
              ]),
            ),
          )
        : null,
    );
    name.focus();
  }
  load();
}

/** Source, entry function and signature of a JavaScript function, and its try-it box. */
function javaScriptForm(fn, current) {
  const params = h('input', {
    value: fn ? fn.signature.parameters.map((p) => `${p.name || 'x'} ${p.type}`).join(', ') : 's STRING',
  });
  const resultType = h('input', { value: fn ? fn.signature.result : 'STRING' });
  const entry = h('input', { value: current ? current.entry : 'f' });
  const source = h(
    'textarea',
    { rows: '8', spellcheck: 'false' },
    current ? current.source : 'function f(s) {\n  return s.toUpperCase();\n}\n',
  );
  const sample = h('input', { value: '["hello"]' });
  const signature = () => ({
    parameters: params.value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        const [pname, ...type] = p.split(/\s+/);
        return { name: pname, type: type.join(' ') };
      }),
    result: resultType.value.trim(),
  });
  return {
    fields: [
      field('Parameters (name TYPE, …)', params),
      field('Result type', resultType),
      field('Entry function', entry),
      field('Source', source),
    ],
    body: async () => ({ kind: 'SCALAR', signature: signature(), source: source.value, entry: entry.value }),
    tryIt: (run) =>
      h(
        'fieldset',
        {},
        h('legend', {}, 'Try it (current version, in the sandbox)'),
        field('Arguments (JSON array)', sample),
        h('button', { type: 'button', onclick: () => run(sample.value) }, 'Try'),
      ),
  };
}

/** A jar and the class in it that Flink calls; the signature comes from the class. */
function javaForm(current) {
  const className = h('input', {
    value: current ? current.entry : '',
    placeholder: 'com.example.MyFunction',
    spellcheck: 'false',
  });
  const jar = h('input', { type: 'file', accept: '.jar,application/java-archive' });
  return {
    fields: [
      field('Class name', className),
      field('Jar file', jar),
      h(
        'p',
        { class: 'hint' },
        'A ScalarFunction, TableFunction or AggregateFunction class; its eval methods give the signature.',
      ),
    ],
    body: async () => {
      if (!jar.files.length) throw new Error('Choose the jar file to upload.');
      return { className: className.value.trim(), jar: await base64(jar.files[0]) };
    },
  };
}
