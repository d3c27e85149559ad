// The cog-host playground: builds a form from /openapi.json, runs predictions and renders what they return.
//
// How a run talks to the server (Cog's HTTP API, plus one read-only playground endpoint):
// - a predictor whose schema says `x-cog-streaming`: POST /predictions with
//   `Accept: text/event-stream`; start, log, output, metric and completed events arrive live;
// - any other: a synchronous PUT /playground/predictions/{id} (Cog's PUT /predictions/{id},
//   whose response is the final state, but with the logs of a failed run), while
//   GET /playground/predictions/{id} is polled for status, logs, metrics and outputs so far;
// - Cancel: POST /predictions/{id}/cancel.
// Secret inputs are read from their fields only to build the request body, are never written
// to the URL, storage or history, and the fields are emptied when the run ends.
'use strict';

(() => {
  const POLL_INTERVAL_MS = 400;
  const HEALTH_INTERVAL_MS = 5000;
  const MAX_BODY_BYTES = 100 * 1024 * 1024;
  const SECRET_MASK = '**********';

  const $ = (id) => document.getElementById(id);
  const els = {
    health: $('health'), banner: $('banner'), form: $('form'), fields: $('fields'), formError: $('form-error'),
    run: $('run'), cancel: $('cancel'), reset: $('reset'), modeSwitch: $('mode-switch'),
    status: $('status'), elapsed: $('elapsed'), runError: $('run-error'), output: $('output'),
    logs: $('logs'), logsCount: $('logs-count'), metrics: $('metrics'), metricsPanel: $('metrics-panel'), raw: $('raw'),
  };

  const state = {
    schema: null,
    modes: [],            // 'predictions' and/or 'trainings'
    mode: 'predictions',
    fields: [],           // field controllers, in x-order
    run: null,            // the run in flight
    objectURLs: new Map(), // data URL -> blob: URL of the current output
  };

  // MARK: DOM helpers

  /** Creates an element: `attrs` are attributes, except `text`, `class`, `on…` handlers and DOM properties in `props`. */
  function h(tag, attrs = {}, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'text') element.textContent = value;
      else if (key === 'class') element.className = value;
      else if (key === 'props') Object.assign(element, value);
      else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
      else element.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function setPill(element, text, tone, live = false) {
    element.textContent = text;
    element.className = `pill pill-${tone}` + (live ? ' pill-live' : '');
  }

  function showBanner(tone, title, detail) {
    els.banner.replaceChildren(...[h('strong', { text: title }), detail ? h('pre', { text: detail }) : null].filter(Boolean));
    els.banner.className = `banner banner-${tone}`;
    els.banner.hidden = false;
  }

  function hideBanner() { els.banner.hidden = true; }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function getJSON(path) {
    const response = await fetch(path, { cache: 'no-store', headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    return { status: response.status, body };
  }

  // MARK: Start-up: wait for setup, then load the schema

  const HEALTH_TONES = {
    READY: ['Ready', 'ok'], BUSY: ['Busy', 'warn'], STARTING: ['Setting up', 'info', true],
    SETUP_FAILED: ['Setup failed', 'bad'], DEFUNCT: ['Defunct', 'bad'], UNHEALTHY: ['Unhealthy', 'bad'], UNKNOWN: ['Unknown', 'muted'],
  };

  let lastHealth = null;

  async function refreshHealth() {
    try {
      const { body } = await getJSON('/health-check');
      const status = body && body.status || 'UNKNOWN';
      const [text, tone, live] = HEALTH_TONES[status] || [status, 'muted'];
      setPill(els.health, text, tone, live);
      lastHealth = body;
      return body;
    } catch {
      setPill(els.health, 'Offline', 'bad');
      lastHealth = null;
      return null;
    }
  }

  async function boot() {
    bindStaticControls();
    for (;;) {
      const health = await refreshHealth();
      const status = health && health.status;
      if (status === 'STARTING' || status === 'UNKNOWN') {
        showBanner('warn', 'The predictor is running setup(). The form appears when it is ready.', health && health.setup && health.setup.logs);
      } else if (status === 'SETUP_FAILED') {
        showBanner('bad', 'The predictor\'s setup() failed. Fix it and restart cog-host serve.', health.setup && health.setup.logs);
        els.fields.replaceChildren(h('p', { class: 'placeholder', text: 'No form: the predictor could not be set up (see above).' }));
      } else if (health) {
        const { status: code, body } = await getJSON('/openapi.json');
        if (code === 200 && body) {
          hideBanner();
          start(body);
          break;
        }
        showBanner('bad', 'The OpenAPI schema is not available.', body && body.error);
      } else {
        showBanner('bad', 'Cannot reach cog-host serve. Retrying…');
      }
      await sleep(status === 'SETUP_FAILED' ? 5000 : 1000);
    }
    setInterval(() => { if (document.visibilityState === 'visible' && !state.run) refreshHealth(); }, HEALTH_INTERVAL_MS);
  }

  function bindStaticControls() {
    if (/Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)) els.run.querySelector('.shortcut').textContent = '⌘ ↵';
    els.form.addEventListener('submit', (event) => { event.preventDefault(); runPrediction(); });
    els.form.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (!els.run.disabled) els.form.requestSubmit(els.run);
      }
    });
    els.cancel.addEventListener('click', cancelRun);
    els.reset.addEventListener('click', () => { if (!state.run) renderForm(); });
    for (const button of els.modeSwitch.querySelectorAll('button')) {
      button.addEventListener('click', () => {
        if (state.run || button.dataset.mode === state.mode) return;
        state.mode = button.dataset.mode;
        for (const other of els.modeSwitch.querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === button));
        renderForm();
      });
    }
  }

  function start(schema) {
    state.schema = schema;
    const components = (schema.components && schema.components.schemas) || {};
    const paths = schema.paths || {};
    state.modes = [];
    if (components.Input && paths['/predictions']) state.modes.push('predictions');
    if (components.TrainingInput && paths['/trainings']) state.modes.push('trainings');
    if (state.modes.length === 0) state.modes.push('predictions');
    state.mode = state.modes[0];
    els.modeSwitch.hidden = state.modes.length < 2;
    renderForm();
    els.run.disabled = false;
  }

  // MARK: Schema reading

  const components = () => (state.schema.components && state.schema.components.schemas) || {};

  function resolve(schema) {
    if (!schema) return {};
    if (schema.$ref) return components()[schema.$ref.split('/').pop()] || {};
    // A choices input: the enum component's values and type, the property's own title and description.
    if (Array.isArray(schema.allOf) && schema.allOf.length === 1) {
      return { ...withoutKeys(resolve(schema.allOf[0]), ['title', 'description']), ...withoutKeys(schema, ['allOf']) };
    }
    return schema;
  }

  function withoutKeys(object, keys) {
    const copy = { ...object };
    for (const key of keys) delete copy[key];
    return copy;
  }

  const isSecretSchema = (s) => s['x-cog-secret'] === true || s.format === 'password' || s.writeOnly === true;

  /** What kind of control an input gets: secret, file, enum, boolean, integer, number, string, array, union or json. */
  function kindOf(schema) {
    const s = resolve(schema);
    if (Array.isArray(s.enum)) return 'enum';
    if (s.type === 'string' && isSecretSchema(s)) return 'secret';
    if (s.type === 'string' && s.format === 'uri') return 'file';
    if (['boolean', 'integer', 'number', 'string'].includes(s.type)) return s.type;
    if (s.type === 'array') return 'array';
    if (Array.isArray(s.anyOf) && s.anyOf.every((v) => ['string', 'integer', 'number', 'boolean'].includes(resolve(v).type))) return 'union';
    return 'json';
  }

  function typeLabel(schema) {
    const s = resolve(schema);
    const kind = kindOf(s);
    if (kind === 'secret') return 'Secret';
    if (kind === 'file') return 'file';
    if (kind === 'enum') return s.type || 'choice';
    if (kind === 'array') return `list[${typeLabel(s.items || {})}]`;
    if (kind === 'union') return s.anyOf.map((v) => typeLabel(v)).join(' | ');
    return s.type || 'json';
  }

  function inputProperties() {
    const component = components()[state.mode === 'trainings' ? 'TrainingInput' : 'Input'] || { properties: {} };
    const required = new Set(component.required || []);
    return Object.entries(component.properties || {})
      .map(([name, schema]) => ({ name, schema, resolved: resolve(schema), required: required.has(name) }))
      .sort((a, b) => (a.schema['x-order'] ?? 1e9) - (b.schema['x-order'] ?? 1e9));
  }

  const formatValue = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

  // MARK: The form

  function renderForm() {
    clearErrors();
    state.fields = inputProperties().map(createField);
    if (state.fields.length === 0) {
      els.fields.replaceChildren(h('p', { class: 'placeholder', text: 'This predictor takes no inputs. Press Run.' }));
    } else {
      els.fields.replaceChildren(...state.fields.map((field) => field.element));
    }
    for (const field of state.fields) field.afterMount && field.afterMount();
  }

  function createField(property) {
    const { name, resolved: s, required } = property;
    const id = `in-${name}`;
    const helpID = `help-${name}`;
    const errorID = `error-${name}`;
    const kind = kindOf(s);
    const hasDefault = Object.prototype.hasOwnProperty.call(s, 'default');
    const context = { name, id, s, kind, required, hasDefault, describedBy: `${helpID} ${errorID}` };
    const control = CONTROLS[kind](context);

    const helpParts = [];
    if (s.description) helpParts.push(s.description);
    const notes = [];
    if (kind === 'secret') notes.push('Sent only in the request body; cleared after each run.');
    if (typeof s.minLength === 'number') notes.push(`At least ${s.minLength} characters.`);
    if (typeof s.maxLength === 'number') notes.push(`At most ${s.maxLength} characters.`);
    if (s.pattern) notes.push(`Must match ${s.pattern}`);
    if (kind === 'file' && s['x-cog-accept']) notes.push(`Accepts ${s['x-cog-accept']}.`);
    if (hasDefault && s.default !== null && kind !== 'secret' && (kind === 'file' || kind === 'json' || kind === 'union')) notes.push(`Default: ${formatValue(s.default)}`);
    if (!required && (!hasDefault || s.default === null) && !['boolean'].includes(kind)) notes.push('Optional.');
    let description = helpParts.join(' ').trim();
    if (description && notes.length && !/[.!?:)]$/.test(description)) description += '.';
    const help = h('p', { class: 'help', id: helpID }, [description, notes.join(' ')].filter(Boolean).join(' '));
    if (!help.textContent) help.hidden = true;
    const error = h('p', { class: 'field-error', id: errorID, hidden: true });

    const labelID = `label-${name}`;
    if (control.group) control.group.setAttribute('aria-labelledby', labelID);
    const label = h(control.group ? 'span' : 'label', { class: 'field-label', id: labelID, for: control.group ? null : id },
      h('span', { class: 'name', text: name }),
      required ? h('span', { class: 'required-mark', 'aria-hidden': 'true', text: '*' }) : null,
      required ? h('span', { class: 'sr-only', text: ' (required)' }) : null);
    const element = h('div', { class: 'field' + (s.deprecated ? ' field-deprecated' : ''), id: `field-${name}`, 'data-kind': kind },
      h('div', { class: 'field-label-row' },
        label,
        h('span', { class: 'field-type', text: typeLabel(s) }),
        s.deprecated ? h('span', { class: 'badge badge-deprecated', text: 'deprecated' }) : null),
      control.element, help, error);

    return {
      name, kind, element, required,
      focus: () => (control.focusTarget || document.getElementById(id) || element).focus(),
      read: control.read,
      clearSecret: control.clearSecret,
      afterMount: control.afterMount,
      setError(message) {
        error.textContent = message;
        error.hidden = false;
        for (const input of element.querySelectorAll('input, textarea, select')) input.setAttribute('aria-invalid', 'true');
      },
      clearError() {
        error.textContent = '';
        error.hidden = true;
        for (const input of element.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
      },
    };
  }

  /** A value to send, or OMIT to leave the input out (its default applies). */
  const OMIT = Symbol('omit');

  class InputProblem extends Error {}

  function autoGrow(textarea) {
    textarea.style.height = 'auto';
    textarea.style.height = `${Math.min(textarea.scrollHeight + 2, 480)}px`;
  }

  const CONTROLS = {
    string(c) {
      const rows = /prompt|text|description|instruction|question|message|caption/i.test(c.name) ? 3 : 1;
      const textarea = h('textarea', {
        id: c.id, name: c.name, rows, 'aria-describedby': c.describedBy, 'aria-required': c.required ? 'true' : null,
        maxlength: typeof c.s.maxLength === 'number' ? c.s.maxLength : null, spellcheck: 'true',
        oninput: (event) => autoGrow(event.target),
      });
      if (c.hasDefault && c.s.default !== null) textarea.value = String(c.s.default);
      return {
        element: textarea,
        afterMount: () => autoGrow(textarea),
        read: () => {
          if (textarea.value === '' && (!c.hasDefault || c.s.default === null || c.s.default === '')) return OMIT;
          return textarea.value;
        },
      };
    },

    secret(c) {
      const input = h('input', {
        id: c.id, name: c.name, type: 'password', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off',
        'data-lpignore': 'true', 'data-1p-ignore': 'true', 'data-bwignore': 'true',
        'aria-describedby': c.describedBy, 'aria-required': c.required ? 'true' : null, 'data-secret': 'true',
      });
      const toggle = h('button', {
        type: 'button', class: 'button button-small', 'aria-controls': c.id, 'aria-pressed': 'false',
        'aria-label': `Show ${c.name}`, text: 'Show',
      });
      const setVisible = (visible) => {
        input.type = visible ? 'text' : 'password';
        toggle.setAttribute('aria-pressed', String(visible));
        toggle.setAttribute('aria-label', `${visible ? 'Hide' : 'Show'} ${c.name}`);
        toggle.textContent = visible ? 'Hide' : 'Show';
      };
      toggle.addEventListener('click', () => setVisible(input.type === 'password'));
      return {
        element: h('div', { class: 'secret-row' }, input, toggle),
        read: () => (input.value === '' ? OMIT : input.value),
        clearSecret: () => { input.value = ''; setVisible(false); },
      };
    },

    integer(c) { return numberControl(c, true); },
    number(c) { return numberControl(c, false); },

    boolean(c) {
      const checkbox = h('input', { id: c.id, name: c.name, type: 'checkbox', 'aria-describedby': c.describedBy });
      checkbox.checked = c.s.default === true;
      const text = h('label', { for: c.id, text: String(checkbox.checked) });
      checkbox.addEventListener('change', () => { text.textContent = String(checkbox.checked); });
      return {
        element: h('div', { class: 'checkbox-row' }, checkbox, text),
        read: () => (!c.hasDefault && !c.required && !checkbox.checked ? OMIT : checkbox.checked),
      };
    },

    enum(c) {
      const values = c.s.enum;
      const select = h('select', { id: c.id, name: c.name, 'aria-describedby': c.describedBy, 'aria-required': c.required ? 'true' : null });
      const hasNone = !c.required && (!c.hasDefault || c.s.default === null);
      if (hasNone) select.append(h('option', { value: '', text: '— none —' }));
      if (c.required && !c.hasDefault) select.append(h('option', { value: '', text: 'Choose…' }));
      values.forEach((value, index) => select.append(h('option', { value: String(index), text: formatValue(value) })));
      const defaultIndex = c.hasDefault ? values.findIndex((value) => value === c.s.default) : -1;
      select.value = defaultIndex >= 0 ? String(defaultIndex) : '';
      return {
        element: select,
        read: () => (select.value === '' ? OMIT : values[Number(select.value)]),
      };
    },

    file(c) { return fileControl(c, false); },

    array(c) {
      const itemSchema = resolve(c.s.items || {});
      const itemKind = kindOf(itemSchema);
      if (itemKind === 'file') return fileControl(c, true);
      return listControl(c, itemSchema, itemKind);
    },

    union(c) {
      const variants = c.s.anyOf.map((v) => resolve(v).type);
      const input = h('input', { id: c.id, name: c.name, type: 'text', 'aria-describedby': c.describedBy, autocomplete: 'off' });
      if (c.hasDefault && c.s.default !== null) input.value = formatValue(c.s.default);
      return {
        element: input,
        read: () => {
          const text = input.value.trim();
          if (text === '') return OMIT;
          if (variants.includes('integer') && /^-?\d+$/.test(text)) return Number(text);
          if (variants.includes('number') && text !== '' && Number.isFinite(Number(text))) return Number(text);
          if (variants.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
          return input.value;
        },
      };
    },

    json(c) {
      const textarea = h('textarea', {
        id: c.id, name: c.name, class: 'json', rows: 3, spellcheck: 'false', 'aria-describedby': c.describedBy,
        placeholder: 'JSON', oninput: (event) => autoGrow(event.target),
      });
      if (c.hasDefault && c.s.default !== null) textarea.value = JSON.stringify(c.s.default, null, 2);
      return {
        element: textarea,
        afterMount: () => autoGrow(textarea),
        read: () => {
          if (textarea.value.trim() === '') return OMIT;
          try { return JSON.parse(textarea.value); } catch (error) { throw new InputProblem(`Not valid JSON: ${error.message}`); }
        },
      };
    },
  };

  /** A one-line text field (list items). */
  function lineControl(c) {
    const input = h('input', { id: c.id, name: c.name, type: 'text', autocomplete: 'off', 'aria-describedby': c.describedBy });
    if (c.hasDefault && c.s.default !== null && c.s.default !== undefined) input.value = String(c.s.default);
    return { element: input, read: () => input.value };
  }

  function numberControl(c, integer) {
    const s = c.s;
    const number = h('input', {
      id: c.id, name: c.name, type: 'number', inputmode: integer ? 'numeric' : 'decimal',
      step: integer ? '1' : 'any', min: s.minimum, max: s.maximum,
      'aria-describedby': c.describedBy, 'aria-required': c.required ? 'true' : null,
    });
    if (c.hasDefault && s.default !== null) number.value = String(s.default);
    const parts = [number];
    const bounded = typeof s.minimum === 'number' && typeof s.maximum === 'number';
    if (bounded) {
      const range = h('input', {
        type: 'range', min: s.minimum, max: s.maximum, step: integer ? '1' : String((s.maximum - s.minimum) / 100 || 'any'),
        tabindex: '-1', 'aria-hidden': 'true',
      });
      range.value = number.value || String(s.minimum);
      range.addEventListener('input', () => { number.value = range.value; });
      number.addEventListener('input', () => { if (number.value !== '') range.value = number.value; });
      parts.push(range);
    }
    if (typeof s.minimum === 'number' || typeof s.maximum === 'number') {
      const low = typeof s.minimum === 'number' ? s.minimum : '−∞';
      const high = typeof s.maximum === 'number' ? s.maximum : '∞';
      parts.push(h('span', { class: 'bounds', text: `${low} – ${high}` }));
    }
    return {
      element: h('div', { class: 'number-row' }, ...parts),
      read: () => {
        if (number.value === '') {
          if (number.validity.badInput) throw new InputProblem('Not a number.');
          return OMIT;
        }
        return Number(number.value);
      },
    };
  }

  function fileControl(c, multiple) {
    const accept = c.s['x-cog-accept'] || (c.s.items && c.s.items['x-cog-accept']) || null;
    const input = h('input', {
      id: c.id, name: c.name, type: 'file', class: 'file-input', accept, multiple: multiple || null,
      'aria-describedby': c.describedBy, 'aria-required': c.required ? 'true' : null,
    });
    // The native control stays focusable (and labelled); this label is its visible button.
    const button = h('label', { for: c.id, class: 'button button-small file-button', 'aria-hidden': 'true', text: multiple ? 'Choose files' : 'Choose file' });
    const preview = h('img', { class: 'file-preview', alt: '', hidden: true });
    const meta = h('span', { class: 'file-meta', text: multiple ? 'or drop files here' : 'or drop a file here' });
    const clear = h('button', { type: 'button', class: 'button button-small button-quiet file-clear', text: 'Clear', hidden: true, 'aria-label': `Clear ${c.name}` });
    const box = h('div', { class: 'file-box' }, input, button, preview, meta, clear);
    let previewURL = null;

    const update = () => {
      const files = [...input.files];
      if (previewURL) { URL.revokeObjectURL(previewURL); previewURL = null; }
      preview.hidden = true;
      clear.hidden = files.length === 0;
      if (files.length === 0) { meta.textContent = multiple ? 'or drop files here' : 'or drop a file here'; return; }
      meta.textContent = files.map((file) => `${file.name} · ${formatBytes(file.size)}`).join(', ');
      if (files.length === 1 && files[0].type.startsWith('image/')) {
        previewURL = URL.createObjectURL(files[0]);
        preview.src = previewURL;
        preview.hidden = false;
      }
    };
    input.addEventListener('change', update);
    clear.addEventListener('click', () => { input.value = ''; update(); input.focus(); });
    box.addEventListener('dragover', (event) => { event.preventDefault(); box.classList.add('dragging'); });
    box.addEventListener('dragleave', () => box.classList.remove('dragging'));
    box.addEventListener('drop', (event) => {
      event.preventDefault();
      box.classList.remove('dragging');
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        update();
      }
    });

    return {
      element: box,
      read: async () => {
        const files = [...input.files];
        if (files.length === 0) return OMIT;
        const urls = await Promise.all(files.map(readAsDataURL));
        return multiple ? urls : urls[0];
      },
    };
  }

  function readAsDataURL(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(new InputProblem(`Could not read ${file.name}.`));
      reader.readAsDataURL(file);
    });
  }

  function listControl(c, itemSchema, itemKind) {
    const rows = h('div', { class: 'list-editor', id: c.id, tabindex: '-1', role: 'group', 'aria-describedby': c.describedBy });
    const empty = h('p', { class: 'list-empty', text: 'No items.' });
    const items = [];
    let counter = 0;

    const renumber = () => {
      items.forEach((item, index) => item.input.setAttribute('aria-label', `${c.name} item ${index + 1}`));
      empty.hidden = items.length > 0;
    };
    const addRow = (value, focus) => {
      counter += 1;
      const itemContext = { name: `${c.name}`, id: `${c.id}-item-${counter}`, s: itemSchema, kind: itemKind, required: false, hasDefault: value !== undefined, describedBy: c.describedBy };
      const base = (itemKind === 'string' ? lineControl : CONTROLS[itemKind])({ ...itemContext, s: { ...itemSchema, default: value } });
      const input = base.element.matches('input, textarea, select') ? base.element : base.element.querySelector('input, textarea, select');
      const remove = h('button', { type: 'button', class: 'button button-small button-quiet', text: 'Remove' });
      const row = h('div', { class: 'list-row' }, base.element, remove);
      const item = { row, input, control: base };
      remove.addEventListener('click', () => {
        const index = items.indexOf(item);
        items.splice(index, 1);
        row.remove();
        renumber();
        (items[index] || items[index - 1] || { input: add }).input.focus();
      });
      items.push(item);
      rows.insertBefore(row, empty);
      renumber();
      if (base.afterMount) base.afterMount();
      if (focus) input.focus();
    };
    const add = h('button', { type: 'button', class: 'button button-small', text: 'Add item', 'aria-label': `Add an item to ${c.name}` });
    add.addEventListener('click', () => addRow(undefined, true));
    rows.append(empty);
    const defaults = c.hasDefault && Array.isArray(c.s.default) ? c.s.default : [];
    const element = h('div', { class: 'list-editor' }, rows, h('div', {}, add));
    return {
      element,
      group: rows,
      focusTarget: add,
      afterMount: () => { for (const value of defaults) addRow(value, false); renumber(); },
      read: async () => {
        const values = [];
        for (const item of items) {
          const value = await item.control.read();
          if (value !== OMIT) values.push(value);
        }
        if (values.length === 0 && items.length === 0 && (!c.hasDefault || c.s.default === null)) return OMIT;
        return values;
      },
      clearSecret: () => { for (const item of items) if (item.control.clearSecret) item.control.clearSecret(); },
    };
  }

  async function readInputs() {
    const input = {};
    let firstProblem = null;
    for (const field of state.fields) {
      field.clearError();
      try {
        const value = await field.read();
        if (value !== OMIT) input[field.name] = value;
      } catch (error) {
        if (!(error instanceof InputProblem)) throw error;
        field.setError(error.message);
        firstProblem = firstProblem || field;
      }
    }
    if (firstProblem) { firstProblem.focus(); return null; }
    return input;
  }

  function clearSecrets() {
    for (const field of state.fields) if (field.clearSecret) field.clearSecret();
  }

  function clearErrors() {
    for (const field of state.fields) field.clearError();
    els.formError.hidden = true;
    els.formError.replaceChildren();
    els.runError.hidden = true;
    els.runError.replaceChildren();
  }

  // MARK: Running

  function newID() {
    const bytes = new Uint8Array(10);
    crypto.getRandomValues(bytes);
    return 'pg_' + [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  }

  const isStreaming = () => state.mode === 'predictions'
    && Boolean(state.schema.paths && state.schema.paths['/predictions'] && state.schema.paths['/predictions'].post
      && state.schema.paths['/predictions'].post['x-cog-streaming']);

  async function runPrediction() {
    if (state.run || !state.schema) return;
    clearErrors();
    const id = newID();
    let input = await readInputs();
    if (!input) { setPill(els.status, 'Invalid input', 'bad'); return; }
    let body = JSON.stringify({ id, input });
    input = null;
    if (body.length > MAX_BODY_BYTES) {
      clearSecrets();
      showRunError('The inputs are too large', `The request would be ${formatBytes(body.length)}; the server accepts ${formatBytes(MAX_BODY_BYTES)}.`);
      return;
    }
    const run = {
      id, mode: state.mode, controller: new AbortController(), startedAt: performance.now(),
      finished: false, logs: '', chunks: [], metrics: {}, output: undefined, status: 'starting', canceled: false,
    };
    state.run = run;
    beginRunUI(run);
    try {
      if (isStreaming()) await runStreaming(run, body);
      else await runSynchronously(run, body);
    } catch (error) {
      if (!run.finished) showRunError('The request failed', error && error.message ? error.message : String(error));
    } finally {
      body = null;
      clearSecrets();
      endRunUI(run);
      state.run = null;
      refreshHealth();
    }
  }

  async function runSynchronously(run, body) {
    pollWhileRunning(run); // stops by itself once the request is done
    let response;
    try {
      response = await fetch(`/playground/${run.mode}/${encodeURIComponent(run.id)}`, {
        method: 'PUT', body, cache: 'no-store', signal: run.controller.signal,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      });
    } finally {
      run.requestDone = true;
    }
    await handleFinalResponse(run, response);
  }

  async function pollWhileRunning(run) {
    while (!run.requestDone && !run.finished) {
      await sleep(POLL_INTERVAL_MS);
      if (run.requestDone || run.finished) return;
      try {
        const response = await fetch(`/playground/${run.mode}/${encodeURIComponent(run.id)}`, { cache: 'no-store' });
        if (response.status !== 200) continue;
        const snapshot = await response.json();
        if (!run.finished && !run.requestDone) applySnapshot(run, snapshot, false);
      } catch {
        // The next poll or the final response will tell.
      }
    }
  }

  async function runStreaming(run, body) {
    const response = await fetch('/predictions', {
      method: 'POST', body, cache: 'no-store', signal: run.controller.signal,
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    });
    const type = response.headers.get('Content-Type') || '';
    if (!response.ok || !type.startsWith('text/event-stream')) {
      await handleFinalResponse(run, response);
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let boundary;
      while ((boundary = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, '');
        handleEvent(run, block);
      }
    }
    if (!run.finished) showRunError('The event stream ended before the prediction completed.');
  }

  function handleEvent(run, block) {
    let name = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    let payload;
    try { payload = JSON.parse(data.join('\n')); } catch { return; }
    switch (name) {
      case 'start': setRunStatus(run, payload.status || 'processing'); break;
      case 'log': appendLogs(run, payload.data || ''); break;
      case 'output':
        run.chunks[payload.index ?? run.chunks.length] = payload.chunk;
        renderOutput(run.chunks, true);
        break;
      case 'metric': applyMetric(run, payload); break;
      case 'completed': finish(run, payload); break;
      case 'error': showRunError('Stream error', payload.error || JSON.stringify(payload)); break;
      default: break;
    }
  }

  async function handleFinalResponse(run, response) {
    let body = null;
    const text = await response.text();
    try { body = JSON.parse(text); } catch { body = null; }
    if (response.status === 200 && body && body.status) {
      finish(run, body);
      return;
    }
    run.finished = true;
    els.raw.textContent = text ? describeJSON(body ?? text) : '';
    if (response.status === 422 && body && Array.isArray(body.detail)) {
      showValidationErrors(body.detail);
      setPill(els.status, 'Invalid input', 'bad');
    } else if (response.status === 409) {
      setPill(els.status, 'Busy', 'warn');
      showRunError('The predictor is busy', 'All prediction slots are in use. Try again when the running prediction has finished.');
    } else if (response.status === 503) {
      setPill(els.status, 'Not ready', 'bad');
      const health = await refreshHealth();
      showRunError('The predictor is not ready', (body && body.error) || 'Setup has not finished.', health && health.setup && health.setup.logs);
    } else {
      setPill(els.status, `HTTP ${response.status}`, 'bad');
      showRunError(`The server answered ${response.status}`, (body && (body.error || body.detail)) ? String(body.error || JSON.stringify(body.detail)) : text);
    }
  }

  function showValidationErrors(detail) {
    const general = [];
    let first = null;
    for (const entry of detail) {
      const loc = Array.isArray(entry.loc) ? entry.loc : [];
      const name = loc[0] === 'body' && loc[1] === 'input' ? loc[2] : undefined;
      const field = name !== undefined && state.fields.find((candidate) => candidate.name === String(name));
      if (field) {
        field.setError(entry.msg || 'Invalid value');
        first = first || field;
      } else {
        general.push(`${loc.filter((part) => part !== 'body').join('.') || 'request'}: ${entry.msg}`);
      }
    }
    if (general.length) {
      els.formError.replaceChildren(...general.map((line) => h('div', { text: line })));
      els.formError.hidden = false;
    }
    const count = detail.length;
    showRunError(`${count} input${count === 1 ? '' : 's'} need${count === 1 ? 's' : ''} fixing`, 'See the messages next to the inputs.');
    if (first) first.focus();
  }

  async function cancelRun() {
    const run = state.run;
    if (!run || run.finished) return;
    run.canceled = true;
    els.cancel.disabled = true;
    setPill(els.status, 'Canceling', 'warn', true);
    try {
      await fetch(`/${run.mode}/${encodeURIComponent(run.id)}/cancel`, { method: 'POST', cache: 'no-store' });
    } catch {
      run.controller.abort();
    }
  }

  // MARK: Run state and rendering

  const STATUS_TONES = {
    starting: ['Starting', 'info', true], processing: ['Running', 'info', true], succeeded: ['Succeeded', 'ok'],
    failed: ['Failed', 'bad'], canceled: ['Canceled', 'warn'],
  };

  function setRunStatus(run, status) {
    run.status = status;
    const [text, tone, live] = STATUS_TONES[status] || [status, 'muted'];
    if (run.canceled && !['succeeded', 'failed', 'canceled'].includes(status)) return;
    setPill(els.status, text, tone, live);
  }

  function beginRunUI(run) {
    revokeObjectURLs();
    els.run.disabled = true;
    els.run.querySelector('.button-label').textContent = 'Running…';
    els.cancel.disabled = false;
    els.reset.disabled = true;
    els.logs.textContent = '';
    els.logsCount.textContent = '';
    els.metrics.replaceChildren();
    els.raw.textContent = '';
    els.output.replaceChildren(h('p', { class: 'placeholder', text: 'Waiting for output…' }));
    setRunStatus(run, 'starting');
    els.elapsed.textContent = '0.0 s';
    // One column: bring the output into view (focus stays where it was).
    if (window.matchMedia('(max-width: 860px)').matches) {
      els.output.closest('.card').scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
    run.timer = setInterval(() => {
      els.elapsed.textContent = `${((performance.now() - run.startedAt) / 1000).toFixed(1)} s`;
    }, 100);
  }

  function endRunUI(run) {
    clearInterval(run.timer);
    if (!run.metrics || typeof run.metrics.predict_time !== 'number') {
      els.elapsed.textContent = `${((performance.now() - run.startedAt) / 1000).toFixed(1)} s`;
    }
    els.run.disabled = false;
    els.run.querySelector('.button-label').textContent = 'Run';
    els.cancel.disabled = true;
    els.reset.disabled = false;
    if (!run.finished && els.output.querySelector('.placeholder')) {
      els.output.replaceChildren(h('p', { class: 'placeholder', text: 'No output.' }));
    }
  }

  function appendLogs(run, text) {
    if (!text) return;
    run.logs += text;
    renderLogs(run.logs);
  }

  function renderLogs(text) {
    const nearBottom = els.logs.scrollHeight - els.logs.scrollTop - els.logs.clientHeight < 24;
    els.logs.textContent = text;
    const lines = text ? text.replace(/\n$/, '').split('\n').length : 0;
    els.logsCount.textContent = lines ? `(${lines} line${lines === 1 ? '' : 's'})` : '';
    if (nearBottom) els.logs.scrollTop = els.logs.scrollHeight;
  }

  function applyMetric(run, { name, value, mode }) {
    const path = String(name).split('.');
    let target = run.metrics;
    for (const key of path.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null || Array.isArray(target[key])) target[key] = {};
      target = target[key];
    }
    const key = path[path.length - 1];
    if (mode === 'increment' && typeof target[key] === 'number' && typeof value === 'number') target[key] += value;
    else if (mode === 'append') target[key] = Array.isArray(target[key]) ? [...target[key], value] : (key in target ? [target[key], value] : [value]);
    else target[key] = value;
    renderMetrics(run.metrics);
  }

  function renderMetrics(metrics) {
    const rows = [];
    const walk = (prefix, value) => {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value)) walk(prefix ? `${prefix}.${key}` : key, inner);
      } else {
        rows.push([prefix, value]);
      }
    };
    walk('', metrics || {});
    rows.sort(([a], [b]) => (a === 'predict_time' ? -1 : b === 'predict_time' ? 1 : a.localeCompare(b)));
    els.metrics.replaceChildren(...rows.flatMap(([key, value]) => [
      h('dt', { text: key }),
      h('dd', { text: key === 'predict_time' && typeof value === 'number' ? `${value.toFixed(3)} s` : formatMetric(value) }),
    ]));
    if (rows.length) els.metricsPanel.open = true;
  }

  function formatMetric(value) {
    if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /** Applies a snapshot: `final` ones come from the response or the completed event. */
  function applySnapshot(run, snapshot, final) {
    setRunStatus(run, snapshot.status);
    // A synchronous failure's body has empty logs: keep what the polls showed.
    if (typeof snapshot.logs === 'string' && (snapshot.logs.length >= run.logs.length || !final)) {
      run.logs = snapshot.logs;
      renderLogs(run.logs);
    }
    if (snapshot.metrics) {
      run.metrics = snapshot.metrics;
      renderMetrics(run.metrics);
    }
    if (!final && snapshot.output !== undefined && snapshot.output !== null) {
      // In flight, a plain (non-list) output shows as the list of chunks so far.
      const output = Array.isArray(snapshot.output) && outputSchema().type !== 'array' ? snapshot.output[snapshot.output.length - 1] : snapshot.output;
      renderOutput(output, true);
    }
  }

  function finish(run, snapshot) {
    if (run.finished) return;
    run.finished = true;
    applySnapshot(run, snapshot, true);
    els.raw.textContent = describeJSON(snapshot);
    if (typeof snapshot.metrics?.predict_time === 'number') els.elapsed.textContent = `${snapshot.metrics.predict_time.toFixed(2)} s`;
    if (snapshot.status === 'succeeded') {
      renderOutput(snapshot.output, false);
    } else if (snapshot.status === 'failed') {
      showRunError('The prediction failed', snapshot.error || 'No error message.');
      if (snapshot.output === undefined || snapshot.output === null) els.output.replaceChildren(h('p', { class: 'placeholder', text: 'No output.' }));
    } else if (snapshot.status === 'canceled') {
      if (els.output.querySelector('.placeholder')) els.output.replaceChildren(h('p', { class: 'placeholder', text: 'Canceled before any output.' }));
    }
  }

  function showRunError(title, message, detail) {
    els.runError.replaceChildren(...[
      h('strong', { text: title }), message ? h('div', { text: message }) : null, detail ? h('pre', { text: detail }) : null,
    ].filter(Boolean));
    els.runError.hidden = false;
  }

  /** The response as indented JSON, with long data URLs shortened. */
  function describeJSON(value) {
    return JSON.stringify(value, (key, item) => (typeof item === 'string' && item.startsWith('data:') && item.length > 120
      ? `${item.slice(0, 60)}… (${formatBytes(item.length)} data URL)` : item), 2);
  }

  // MARK: Output rendering

  function outputSchema() {
    return resolve(components()[state.mode === 'trainings' ? 'TrainingOutput' : 'Output'] || {});
  }

  function renderOutput(value, live) {
    const schema = outputSchema();
    const node = renderValue(value, schema, 'Output');
    els.output.replaceChildren(node);
    if (live) els.output.setAttribute('aria-busy', 'true');
    else els.output.removeAttribute('aria-busy');
  }

  const FILE_EXTENSIONS = /\.(png|jpe?g|gif|webp|avif|bmp|svg|mp3|wav|ogg|oga|flac|m4a|aac|mp4|webm|mov|mkv|pdf|txt|csv|json|zip|tar|gz|npy|safetensors)$/i;

  function isFile(value, schema) {
    if (typeof value !== 'string') return false;
    if (value.startsWith('data:')) return true;
    if (!/^https?:\/\//i.test(value)) return false;
    if (schema && schema.format === 'uri') return true;
    try { return FILE_EXTENSIONS.test(new URL(value).pathname); } catch { return false; }
  }

  function renderValue(value, schema, label) {
    const s = resolve(schema || {});
    if (value === null || value === undefined) return h('p', { class: 'placeholder', text: 'No output.' });
    if (typeof value === 'string') {
      return isFile(value, s) ? renderFile(value, label) : h('pre', { class: 'output-text', text: value });
    }
    if (Array.isArray(value)) {
      const items = resolve(s.items || {});
      if (s['x-cog-array-display'] === 'concatenate' && value.every((item) => typeof item === 'string')) {
        return h('pre', { class: 'output-text', text: value.join('') });
      }
      if (value.length > 0 && value.every((item) => isFile(item, items))) {
        return h('div', { class: 'output-list' }, value.map((item, index) => renderFile(item, `${label} ${index + 1}`)));
      }
      if (value.every((item) => typeof item === 'string')) {
        return h('div', { class: 'output-list output-list-text' }, value.map((item) => h('pre', { class: 'output-text', text: item })));
      }
      if (value.some((item) => item && typeof item === 'object' || isFile(item, items))) {
        return h('div', { class: 'output-object' }, value.map((item, index) => h('div', { class: 'output-item' },
          h('span', { class: 'output-key', text: `[${index}]` }), renderValue(item, items, `${label} ${index + 1}`))));
      }
      return h('pre', { class: 'output-json' }, JSON.stringify(value, null, 2));
    }
    if (typeof value === 'object') {
      const properties = s.properties || {};
      const entries = Object.entries(value);
      const hasFiles = entries.some(([key, item]) => isFile(item, resolve(properties[key] || {})) || (Array.isArray(item) && item.some((x) => isFile(x, {}))));
      if (!hasFiles) return h('pre', { class: 'output-json' }, JSON.stringify(value, null, 2));
      return h('div', { class: 'output-object' }, entries.map(([key, item]) => h('div', { class: 'output-item' },
        h('span', { class: 'output-key', text: key }), renderValue(item, properties[key], key))));
    }
    return h('pre', { class: 'output-json' }, JSON.stringify(value));
  }

  function mimeOf(url) {
    if (url.startsWith('data:')) return (url.slice(5).split(/[;,]/)[0] || 'application/octet-stream').toLowerCase();
    let path = '';
    try { path = new URL(url).pathname.toLowerCase(); } catch { return 'application/octet-stream'; }
    const extension = path.split('.').pop();
    const types = {
      png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', bmp: 'image/bmp',
      svg: 'image/svg+xml', mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', oga: 'audio/ogg', flac: 'audio/flac', m4a: 'audio/mp4',
      aac: 'audio/aac', mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime', mkv: 'video/x-matroska', pdf: 'application/pdf',
      txt: 'text/plain', csv: 'text/csv', json: 'application/json',
    };
    return types[extension] || 'application/octet-stream';
  }

  function extensionFor(mime) {
    const known = {
      'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/svg+xml': 'svg', 'audio/mpeg': 'mp3',
      'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/ogg': 'ogg', 'audio/flac': 'flac', 'video/mp4': 'mp4', 'video/webm': 'webm',
      'text/plain': 'txt', 'application/json': 'json', 'application/pdf': 'pdf',
    };
    return known[mime] || (mime.split('/')[1] || 'bin').replace(/[^a-z0-9]/g, '') || 'bin';
  }

  /** A blob: URL for a data URL (rendered and downloaded without a network request), cached per output. */
  function objectURLFor(dataURL) {
    if (state.objectURLs.has(dataURL)) return state.objectURLs.get(dataURL);
    const comma = dataURL.indexOf(',');
    const header = dataURL.slice(5, comma);
    const payload = dataURL.slice(comma + 1);
    let bytes;
    if (/;base64$/i.test(header)) {
      const binary = atob(payload);
      bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    } else {
      bytes = new TextEncoder().encode(decodeURIComponent(payload));
    }
    const url = URL.createObjectURL(new Blob([bytes], { type: mimeOf(dataURL) }));
    state.objectURLs.set(dataURL, { url, size: bytes.length });
    return state.objectURLs.get(dataURL);
  }

  function revokeObjectURLs() {
    for (const { url } of state.objectURLs.values()) URL.revokeObjectURL(url);
    state.objectURLs.clear();
  }

  function renderFile(url, label) {
    const mime = mimeOf(url);
    let src = url;
    let size = null;
    let filename;
    if (url.startsWith('data:')) {
      try {
        const object = objectURLFor(url);
        src = object.url;
        size = object.size;
      } catch {
        src = url;
      }
      filename = `${String(label || 'output').toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}.${extensionFor(mime)}`;
    } else {
      try { filename = decodeURIComponent(new URL(url).pathname.split('/').pop()) || 'output'; } catch { filename = 'output'; }
    }
    let media;
    if (mime.startsWith('image/')) media = h('img', { src, alt: label || 'Output image', loading: 'lazy' });
    else if (mime.startsWith('audio/')) media = h('audio', { src, controls: true, preload: 'metadata' });
    else if (mime.startsWith('video/')) media = h('video', { src, controls: true, preload: 'metadata', playsinline: true });
    else media = null;
    const caption = h('figcaption', {},
      h('span', { class: 'mime', text: mime }),
      size !== null ? h('span', { text: formatBytes(size) }) : null,
      h('a', { href: src, download: filename, class: 'download', text: 'Download' }),
      url.startsWith('data:') ? null : h('a', { href: src, target: '_blank', rel: 'noopener noreferrer', text: 'Open' }));
    return h('figure', { class: 'media' }, media, caption);
  }

  function formatBytes(count) {
    if (count < 1024) return `${count} B`;
    if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KB`;
    return `${(count / (1024 * 1024)).toFixed(1)} MB`;
  }

  boot();
})();
