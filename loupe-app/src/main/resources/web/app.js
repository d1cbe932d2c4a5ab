'use strict';
// Loupe explorer: one page over the JSON API of dev.loupe.web.WebServer. The view lives in the URL hash
// (image, method, p.<param>, target, style, tab, layer, unit) so that a link reopens it.

const PAGE = 60;
const CLASS_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
  '#bcbd22', '#17becf'];

const state = { image: null, method: null, params: {}, target: 'predicted', style: 'auto', tab: 'explain',
  layer: null, unit: null, occ: {} };
let info = null;
let page = 0;
let tsne = null;
const $ = (id) => document.getElementById(id);

// ---- URL state -------------------------------------------------------------------------------------------------
function readHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  for (const key of ['image', 'method', 'target', 'style', 'tab', 'layer']) {
    if (q.has(key)) state[key] = q.get(key);
  }
  if (q.has('unit')) state.unit = Number(q.get('unit'));
  for (const [k, v] of q) {
    if (k.startsWith('p.')) state.params[k.slice(2)] = v;
    if (k.startsWith('o.')) state.occ[k.slice(2)] = v;
  }
}

function writeHash() {
  const q = new URLSearchParams();
  for (const key of ['image', 'method', 'target', 'style', 'tab', 'layer', 'unit']) {
    if (state[key] !== null && state[key] !== undefined) q.set(key, state[key]);
  }
  for (const [k, v] of Object.entries(state.params)) q.set('p.' + k, v);
  for (const [k, v] of Object.entries(state.occ)) q.set('o.' + k, v);
  history.replaceState(null, '', '#' + q.toString());
}

// ---- API -------------------------------------------------------------------------------------------------------
function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

function clearError() {
  $('error').hidden = true;
}

async function api(path, options) {
  const response = await fetch(path, options);
  let body;
  try {
    body = await response.json();
  } catch (e) {
    body = { error: 'the server answered ' + response.status + ' without JSON' };
  }
  if (!response.ok) {
    const err = new Error(body.error || ('HTTP ' + response.status));
    err.shown = true;
    showError(body.error || ('HTTP ' + response.status));
    throw err;
  }
  body.serverTiming = response.headers.get('Server-Timing');
  return body;
}

function latency(timing) {
  const m = /total;dur=([\d.]+)/.exec(timing || '');
  return m ? Number(m[1]).toFixed(1) + ' ms on the server' : '';
}

function quiet(promise) {
  return promise.catch((e) => { if (!e.shown) showError(String(e.message || e)); });
}

// ---- image picker ----------------------------------------------------------------------------------------------
async function loadThumbs() {
  const label = $('class-filter').value;
  const data = await api(`/api/images?label=${label}&offset=${page * PAGE}&limit=${PAGE}`);
  const box = $('thumbs');
  box.replaceChildren();
  for (const item of data.items) {
    const img = document.createElement('img');
    img.src = '/api/picture/' + item.index;
    img.className = 'pixelated' + (String(item.index) === state.image ? ' selected' : '');
    img.dataset.index = item.index;
    img.title = `#${item.index}: ${info.dataset.classes[item.label]}`;
    img.addEventListener('click', () => selectImage(String(item.index)));
    box.appendChild(img);
  }
  const pages = Math.max(1, Math.ceil(data.total / PAGE));
  $('page-info').textContent = `page ${page + 1} of ${pages} (${data.total} images)`;
  $('prev-page').disabled = page === 0;
  $('next-page').disabled = page + 1 >= pages;
}

async function upload(file) {
  clearError();
  $('upload-notice').hidden = true;
  const data = await api('/api/upload', { method: 'POST', body: file,
    headers: { 'Content-Type': file.type || 'application/octet-stream' } });
  $('upload-notice').textContent = data.notice;
  $('upload-notice').hidden = false;
  await selectImage(data.image);
}

async function selectImage(ref) {
  clearError();
  state.image = ref;
  writeHash();
  for (const img of $('thumbs').children) img.classList.toggle('selected', img.dataset.index === ref);
  $('picture').src = '/api/picture/' + ref;
  $('picture-caption').textContent = ref.startsWith('u') ? `upload ${ref}`
    : `dataset image #${ref}`;
  await Promise.all([quiet(predict()), quiet(refreshTab())]);
}

async function predict() {
  const data = await api('/api/predict?image=' + encodeURIComponent(state.image));
  const box = $('bars');
  box.replaceChildren();
  for (const c of data.classes) {
    const row = document.createElement('div');
    row.className = 'bar' + (c.index === data.predicted ? ' top' : '')
      + (String(c.index) === state.target ? ' target' : '');
    row.dataset.index = c.index;
    row.innerHTML = '<span class="name"></span><span class="track"><span class="fill"></span></span><span class="p"></span>';
    row.querySelector('.name').textContent = c.name;
    row.querySelector('.fill').style.width = (100 * c.probability).toFixed(1) + '%';
    row.querySelector('.fill').style.display = 'block';
    row.querySelector('.p').textContent = (100 * c.probability).toFixed(1) + '%';
    row.title = `logit ${c.logit.toFixed(3)}`;
    row.addEventListener('click', () => setTarget(String(c.index)));
    box.appendChild(row);
  }
}

function setTarget(value) {
  state.target = String(state.target) === value ? 'predicted' : value;
  $('target').value = state.target;
  for (const row of $('bars').children) row.classList.toggle('target', row.dataset.index === state.target);
  writeHash();
  quiet(refreshTab());
}

// ---- method forms ----------------------------------------------------------------------------------------------
function methodSpec(name) {
  return info.methods.find((m) => m.name === name);
}

function buildParams(box, spec, values, onChange) {
  box.replaceChildren();
  for (const p of spec.parameters) {
    const label = document.createElement('label');
    label.innerHTML = '<span></span>';
    label.firstChild.textContent = p.name;
    label.title = p.description;
    let input;
    const value = values[p.name] !== undefined ? values[p.name] : p.default;
    if (p.type === 'BOOLEAN') {
      input = document.createElement('input');
      input.type = 'checkbox';
      input.checked = value === 'true';
    } else if (p.type === 'CHOICE' || p.type === 'LAYER') {
      input = document.createElement('select');
      const options = p.type === 'CHOICE' ? p.choices.map((c) => [c, c])
        : [['', '(method default)']].concat(info.model.layers.map((l) => [l.name, `${l.name}  ${l.shape.join('×')}`]));
      for (const [v, text] of options) {
        const o = document.createElement('option');
        o.value = v;
        o.textContent = text;
        input.appendChild(o);
      }
      input.value = value;
    } else {
      input = document.createElement('input');
      input.type = p.type === 'INT' || p.type === 'DOUBLE' ? 'number' : 'text';
      if (p.type === 'INT') input.step = '1';
      if (p.type === 'DOUBLE') input.step = 'any';
      input.value = value;
    }
    input.name = p.name;
    input.dataset.param = p.name;
    input.addEventListener('change', () => {
      if (input.type !== 'checkbox' && input.value === '') {
        delete values[p.name]; // an emptied field means the default
      } else {
        values[p.name] = input.type === 'checkbox' ? String(input.checked) : input.value;
      }
      onChange();
    });
    label.appendChild(input);
    box.appendChild(label);
  }
}

function selectMethod(name) {
  const spec = methodSpec(name);
  if (!spec) return;
  if (state.method !== name) state.params = {};
  state.method = name;
  $('method').value = name;
  $('method-description').textContent = spec.description;
  buildParams($('params'), spec, state.params, () => { writeHash(); quiet(refreshTab()); });
}

function query(method, params) {
  const q = new URLSearchParams({ image: state.image, method, target: state.target, style: state.style });
  for (const [k, v] of Object.entries(params)) q.set('p.' + k, v);
  return q;
}

let explainSeq = 0;
async function explain(method, params, prefix) {
  if (!state.image || !method) return;
  const seq = ++explainSeq;
  const data = await api('/api/explain?' + query(method, params));
  if (seq !== explainSeq) return;
  clearError();
  $(prefix + 'heatmap').src = data.heatmap;
  $(prefix + 'overlay').src = data.overlay;
  $(prefix + 'colorbar').src = data.colorbar;
  $(prefix + 'meta').textContent = `${data.method} · target ${data.target} · score ${data.score.toFixed(3)} · `
    + `map ${data.mapShape.join('×')} · ${data.colormap} on [${data.range.map((v) => v.toPrecision(3)).join(', ')}] · `
    + latency(data.serverTiming);
}

// ---- layers and units ------------------------------------------------------------------------------------------
async function showLayer() {
  if (!state.image || !state.layer) return;
  const data = await api(`/api/layer?image=${encodeURIComponent(state.image)}&layer=${encodeURIComponent(state.layer)}`);
  $('layer-meta').textContent = `${data.units.length} units, maps ${data.shape.slice(1).join('×')}, grey scale `
    + `[${data.range.map((v) => v.toPrecision(3)).join(', ')}] shared by all units · ${latency(data.serverTiming)}`;
  const box = $('units');
  box.replaceChildren();
  for (const u of data.units) {
    const cell = document.createElement('div');
    cell.className = 'unit' + (u.unit === state.unit ? ' selected' : '');
    cell.dataset.unit = u.unit;
    cell.innerHTML = '<img class="pixelated" alt=""><span></span>';
    cell.querySelector('img').src = u.map;
    cell.querySelector('span').textContent = `${u.unit} · ${u.max.toFixed(2)}`;
    cell.title = `unit ${u.unit}: max ${u.max.toFixed(3)}, mean ${u.mean.toFixed(3)}`;
    cell.addEventListener('click', () => quiet(selectUnit(u.unit)));
    box.appendChild(cell);
  }
}

async function selectUnit(unit) {
  clearError();
  state.unit = unit;
  writeHash();
  for (const cell of $('units').children) cell.classList.toggle('selected', Number(cell.dataset.unit) === unit);
  $('unit-detail').hidden = false;
  $('unit-title').textContent = `${state.layer} unit ${unit}: computing its top images…`;
  const data = await api(`/api/unit?layer=${encodeURIComponent(state.layer)}&unit=${unit}`);
  $('unit-title').textContent = `${data.layer} unit ${data.unit}: top ${data.top.length} of ${data.scanned} images`
    + (data.projection ? ` · rows: the unit's map on the image, the patch it sees, its ${data.projection} projection`
      : '');
  const box = $('top9');
  box.replaceChildren();
  for (const t of data.top) {
    const fig = document.createElement('figure');
    fig.innerHTML = '<img class="pixelated" alt=""><figcaption></figcaption>';
    fig.querySelector('img').src = t.overlay;
    if (t.patch) {
      for (const [src, alt] of [[t.patch, 'patch'], [t.patchProjection, `${data.projection} projection`]]) {
        const img = document.createElement('img');
        img.className = 'pixelated projection';
        img.src = src;
        img.alt = alt;
        fig.insertBefore(img, fig.querySelector('figcaption'));
      }
    }
    fig.querySelector('figcaption').textContent = `#${t.index} ${t.labelName} · ${t.activation.toFixed(2)}`;
    fig.dataset.index = t.index;
    fig.title = `image ${t.index}, strongest at row ${t.y}, column ${t.x}`;
    fig.addEventListener('click', () => selectImage(String(t.index)));
    box.appendChild(fig);
  }
}

// ---- t-SNE -----------------------------------------------------------------------------------------------------
async function pollTsne() {
  const data = await api('/api/tsne');
  if (data.state === 'ready') {
    tsne = data;
    $('tsne-status').textContent = `${data.points.length} images, features of layer ${data.layer}. `
      + 'Hover to see an image, click to open it.';
    drawTsne();
    return;
  }
  if (data.state === 'off') {
    $('tsne-status').textContent = 't-SNE map is turned off (loupe serve --tsne 0).';
    return;
  }
  if (data.state === 'failed') {
    $('tsne-status').textContent = data.error;
    return;
  }
  $('tsne-status').textContent = `Computing the t-SNE map of ${data.size} images in the background: `
    + `${data.phase || 'waiting'} ${data.progress || ''}`;
  setTimeout(() => quiet(pollTsne()), 1000);
}

function drawTsne() {
  const canvas = $('tsne-canvas');
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  for (const [x, y, index, label] of tsne.points) {
    g.fillStyle = CLASS_COLOURS[label % CLASS_COLOURS.length];
    g.globalAlpha = String(index) === state.image ? 1 : 0.7;
    g.beginPath();
    g.arc(10 + x * (canvas.width - 20), 10 + y * (canvas.height - 20), String(index) === state.image ? 6 : 2.5,
      0, 2 * Math.PI);
    g.fill();
  }
  g.globalAlpha = 1;
  const legend = $('tsne-legend');
  legend.replaceChildren();
  info.dataset.classes.forEach((name, k) => {
    const span = document.createElement('span');
    span.innerHTML = '<i></i>';
    span.firstChild.style.background = CLASS_COLOURS[k % CLASS_COLOURS.length];
    span.appendChild(document.createTextNode(name));
    legend.appendChild(span);
  });
}

function nearestPoint(event) {
  if (!tsne) return null;
  const canvas = $('tsne-canvas');
  const r = canvas.getBoundingClientRect();
  const mx = (event.clientX - r.left) * canvas.width / r.width;
  const my = (event.clientY - r.top) * canvas.height / r.height;
  let best = null;
  let bestD = 64;
  for (const p of tsne.points) {
    const dx = 10 + p[0] * (canvas.width - 20) - mx;
    const dy = 10 + p[1] * (canvas.height - 20) - my;
    if (dx * dx + dy * dy < bestD) {
      bestD = dx * dx + dy * dy;
      best = { point: p, x: event.clientX - r.left, y: event.clientY - r.top };
    }
  }
  return best;
}

// ---- tabs ------------------------------------------------------------------------------------------------------
function showTab(name, refresh = true) {
  state.tab = name;
  writeHash();
  for (const b of document.querySelectorAll('.tab')) b.classList.toggle('active', b.dataset.tab === name);
  for (const body of document.querySelectorAll('.tab-body')) body.hidden = body.id !== 'tab-' + name;
  if (refresh) quiet(refreshTab());
}

async function refreshTab() {
  if (!state.image) return;
  if (state.tab === 'explain') await explain(state.method, state.params, 'explain-');
  else if (state.tab === 'units') await showLayer();
  else if (state.tab === 'occlusion') await explain('occlusion', state.occ, 'occlusion-');
  else if (state.tab === 'tsne' && tsne) drawTsne();
}

// ---- start -----------------------------------------------------------------------------------------------------
async function start() {
  readHash();
  info = await api('/api/info');
  $('model-line').textContent = `${info.model.label} · ${info.model.parameters.toLocaleString()} parameters · `
    + `${info.dataset.name}, ${info.dataset.size} images · ${info.methods.length} methods`;
  info.dataset.classes.forEach((name, k) => {
    const o = document.createElement('option');
    o.value = k;
    o.textContent = `${k}: ${name}`;
    $('class-filter').appendChild(o);
  });
  info.model.classes.forEach((name, k) => {
    const o = document.createElement('option');
    o.value = k;
    o.textContent = `${k}: ${name}`;
    $('target').appendChild(o);
  });
  $('target').value = state.target;
  $('style').value = state.style;
  for (const m of info.methods) {
    const o = document.createElement('option');
    o.value = m.name;
    o.textContent = `${m.name}  (${m.family})`;
    $('method').appendChild(o);
  }
  if (info.methods.length === 0) {
    $('method-description').textContent = 'No explanation methods are registered in this build.';
  }
  selectMethod(methodSpec(state.method) ? state.method : (methodSpec('saliency') ? 'saliency'
    : (info.methods[0] || {}).name));
  const occlusion = methodSpec('occlusion');
  $('occlusion-tab').hidden = !occlusion;
  if (occlusion) buildParams($('occlusion-params'), occlusion, state.occ, () => { writeHash(); quiet(refreshTab()); });
  if (state.tab === 'occlusion' && !occlusion) state.tab = 'explain';
  for (const name of info.model.spatialLayers) {
    const o = document.createElement('option');
    o.value = name;
    o.textContent = `${name}  ${info.model.layers.find((l) => l.name === name).shape.join('×')}`;
    $('layer').appendChild(o);
  }
  if (!info.model.spatialLayers.includes(state.layer)) state.layer = info.model.spatialLayers[0] || null;
  $('layer').value = state.layer;

  $('class-filter').addEventListener('change', () => { page = 0; quiet(loadThumbs()); });
  $('prev-page').addEventListener('click', () => { page = Math.max(0, page - 1); quiet(loadThumbs()); });
  $('next-page').addEventListener('click', () => { page += 1; quiet(loadThumbs()); });
  $('upload').addEventListener('change', (e) => { if (e.target.files[0]) quiet(upload(e.target.files[0])); });
  $('method').addEventListener('change', () => { selectMethod($('method').value); writeHash(); quiet(refreshTab()); });
  $('target').addEventListener('change', () => setTarget($('target').value));
  $('style').addEventListener('change', () => { state.style = $('style').value; writeHash(); quiet(refreshTab()); });
  $('layer').addEventListener('change', () => {
    state.layer = $('layer').value;
    state.unit = null;
    $('unit-detail').hidden = true;
    writeHash();
    quiet(showLayer());
  });
  for (const b of document.querySelectorAll('.tab')) b.addEventListener('click', () => showTab(b.dataset.tab));
  const canvas = $('tsne-canvas');
  canvas.addEventListener('mousemove', (e) => {
    const hit = nearestPoint(e);
    const tip = $('tsne-tip');
    if (!hit) { tip.hidden = true; return; }
    $('tsne-tip-img').src = '/api/picture/' + hit.point[2];
    tip.querySelector('span').textContent = `#${hit.point[2]} ${info.dataset.classes[hit.point[3]]}`;
    tip.style.left = (hit.x + 14) + 'px';
    tip.style.top = (hit.y + 14) + 'px';
    tip.hidden = false;
  });
  canvas.addEventListener('mouseleave', () => { $('tsne-tip').hidden = true; });
  canvas.addEventListener('click', (e) => {
    const hit = nearestPoint(e);
    if (hit) { showTab('explain'); selectImage(String(hit.point[2])); }
  });

  await loadThumbs();
  showTab(state.tab, false);
  quiet(pollTsne());
  await selectImage(state.image || '0');
  if (state.tab === 'units' && state.unit !== null) await quiet(selectUnit(state.unit));
}

window.addEventListener('hashchange', () => location.reload());
quiet(start());
