// The labeller's page: one task at a time, answered by button or key, with the day's tally.
// Active time counts while the task is on screen and the labeller has moved or typed within the
// idle cutoff; the server clamps what it is told to the time the lease was held.
(function () {
  'use strict';
  const CLASSES = ['car', 'truck', 'pedestrian', 'cyclist', 'tree', 'pole', 'traffic_sign', 'other'];
  const TOKEN_KEY = 'handmade.token';
  const $ = (id) => document.getElementById(id);
  const state = { lease: null, idleCutoff: 30000, active: 0, lastTick: 0, lastActivity: 0, busy: false,
                  yaw: -0.6, pitch: 0.5, currency: 'EUR', colourBy: 'height' };

  function setState(s) { document.body.dataset.state = s; }
  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method, headers: { 'Authorization': 'Bearer ' + token(), 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (response.status === 401) { sessionStorage.removeItem(TOKEN_KEY); showLogin('Your token was not accepted.'); throw new Error('unauthorized'); }
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) { throw new Error((json && json.error) || ('HTTP ' + response.status)); }
    return { status: response.status, json };
  }

  function showLogin(message) {
    $('login').hidden = false; $('work').hidden = true; $('empty').hidden = true;
    $('login-error').textContent = message || ''; setState('login');
  }

  function money(cents, currency) { return (cents / 100).toFixed(2) + ' ' + (currency || state.currency); }
  function clock(ms, withHours) {
    const s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const mm = String(m).padStart(withHours ? 2 : 1, '0'), rr = String(r).padStart(2, '0');
    return withHours ? h + ':' + mm + ':' + rr : (h * 60 + m) + ':' + rr;
  }

  function showToday(today) {
    state.currency = today.currency;
    $('tasks-done').textContent = today.tasksDone;
    $('active-time').textContent = clock(today.activeMillis, true);
    $('earnings').textContent = money(today.earningsCents, today.currency);
    $('hourly').textContent = today.effectiveHourlyCents == null ? '–' : money(today.effectiveHourlyCents, today.currency);
  }

  // ---- the labeller's own record: their labels in models, their days ------------------------
  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach((c) => { const td = document.createElement('td'); td.textContent = c; tr.appendChild(td); });
    return tr;
  }

  function showContributions(c) {
    const models = $('models').tBodies[0], days = $('days').tBodies[0];
    models.replaceChildren(...c.versions.filter((v) => v.labelsWithAncestors > 0).reverse().map((v) => {
      const tr = row([v.version, new Date(v.publishedAt).toLocaleString(), v.labels, v.labelsWithAncestors]);
      tr.dataset.version = v.version;
      return tr;
    }));
    const note = c.registryProblem
      ? 'The models cannot be shown now: ' + c.registryProblem + '.'
      : (models.rows.length ? '' : 'None of your ' + c.verifiedLabels + ' verified labels has gone into a model yet.');
    $('models-note').textContent = note; $('models-note').hidden = !note;
    days.replaceChildren(...c.days.map((d) => {
      const topUp = d.settled ? money(d.topUpCents, d.currency) : 'when the day ends';
      const tr = row([d.day, d.tasks, (d.activeMillis / 3600000).toFixed(2), money(d.pieceCents, d.currency),
                      topUp, money(d.earningsCents, d.currency),
                      d.effectiveHourlyCents == null ? '–' : money(d.effectiveHourlyCents, d.currency),
                      money(d.floorHourlyCents, d.currency) + ' an hour']);
      tr.dataset.day = d.day;
      return tr;
    }));
    $('mine').hidden = false;
  }

  async function loadContributions() {
    showContributions((await api('GET', '/api/me/contributions')).json);
  }

  // ---- active time -------------------------------------------------------------------------
  function activity() { state.lastActivity = performance.now(); }
  ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart'].forEach((e) => window.addEventListener(e, activity, { passive: true }));
  setInterval(() => {
    const now = performance.now();
    if (state.lease && !document.hidden && now - state.lastActivity <= state.idleCutoff) {
      state.active += now - state.lastTick;
    }
    state.lastTick = now;
    $('task-time').textContent = clock(state.active, false);
  }, 200);

  // ---- drawing ------------------------------------------------------------------------------
  function drawCamera(camera) {
    const canvas = $('camera'), ctx = canvas.getContext('2d');
    const bytes = atob(camera.rgbBase64), image = new ImageData(camera.width, camera.height);
    for (let p = 0; p < camera.width * camera.height; p++) {
      image.data[p * 4] = bytes.charCodeAt(p * 3); image.data[p * 4 + 1] = bytes.charCodeAt(p * 3 + 1);
      image.data[p * 4 + 2] = bytes.charCodeAt(p * 3 + 2); image.data[p * 4 + 3] = 255;
    }
    const source = document.createElement('canvas'); source.width = camera.width; source.height = camera.height;
    source.getContext('2d').putImageData(image, 0, 0);
    const scale = Math.max(1, Math.floor(Math.min(canvas.width / camera.width, canvas.height / camera.height)));
    ctx.imageSmoothingEnabled = false; ctx.fillStyle = '#111'; ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, (canvas.width - camera.width * scale) / 2, (canvas.height - camera.height * scale) / 2,
                  camera.width * scale, camera.height * scale);
  }

  // blue (low) to red (high), the same ramp for every measure and the legend
  function ramp(t) { return 'hsl(' + Math.round(240 - 240 * Math.max(0, Math.min(1, t))) + ',90%,55%)'; }

  // What the points' colour means. Height is above the ground under the object, up to its box's
  // top, so colours compare across objects; intensity is the sensor's reflectance, 0..1.
  function colourScale(frame) {
    const pts = frame.lidar || [];
    if (state.colourBy === 'intensity') {
      return { name: 'intensity', min: 0, max: 1, unit: '', of: (p) => p[3] };
    }
    // reduce, not Math.max(...): a frame may hold 200,000 points, more arguments than a call takes
    const top = frame.box ? frame.box.height : pts.reduce((m, p) => Math.max(m, p[2]), 0.1);
    return { name: 'height', min: 0, max: top, unit: ' m', of: (p) => p[2] };
  }
  function colourOf(scale, p) { return ramp((scale.of(p) - scale.min) / (scale.max - scale.min || 1)); }

  function drawLegend(frame) {
    const scale = colourScale(frame), canvas = $('legend-ramp'), ctx = canvas.getContext('2d');
    for (let y = 0; y < canvas.height; y++) {
      ctx.fillStyle = ramp(1 - y / (canvas.height - 1)); ctx.fillRect(0, y, canvas.width, 1);
    }
    const digits = scale.name === 'height' ? 1 : 2;
    $('legend-max').textContent = scale.max.toFixed(digits) + scale.unit;
    $('legend-min').textContent = scale.min.toFixed(digits) + scale.unit;
    $('colour-by').textContent = 'Colour: ' + scale.name;
    $('legend').dataset.colourBy = scale.name;
  }

  // A bar of a round length, about a quarter of the view, bottom left: how big the object is
  function drawScaleBar(ctx, canvas, metresPerPixel) {
    const want = metresPerPixel * canvas.width / 4, step = Math.pow(10, Math.floor(Math.log10(want)));
    const metres = [1, 2, 5, 10].map((m) => m * step).filter((m) => m <= want).pop();
    const px = metres / metresPerPixel, x0 = 10, y = canvas.height - 12;
    ctx.strokeStyle = '#fff'; ctx.fillStyle = '#fff'; ctx.lineWidth = 2; ctx.beginPath();
    ctx.moveTo(x0, y - 5); ctx.lineTo(x0, y); ctx.lineTo(x0 + px, y); ctx.lineTo(x0 + px, y - 5); ctx.stroke();
    ctx.font = '12px system-ui, sans-serif';
    const label = (metres >= 1 ? String(Number(metres.toPrecision(3))) + ' m' : Math.round(metres * 100) + ' cm');
    ctx.fillText(label, x0 + px + 6, y + 4);
    canvas.dataset.scaleMetres = String(metres); canvas.dataset.scalePixels = String(Math.round(px));
  }

  // The whole camera image, scaled down, with a yellow box on the crop's place and, for a crop
  // of a few pixels, a ring around it so that the eye finds it
  function drawScene(frame) {
    const image = frame.cameraImage, canvas = $('scene');
    delete canvas.dataset.frameId;
    $('context').hidden = !image;
    if (!image) { return; }
    const img = new Image();
    img.onload = () => {
      if (!state.lease || state.lease.frame !== frame) { return; }
      canvas.width = image.width; canvas.height = image.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const [l, t, r, b] = image.crop, pad = 3;
      ctx.strokeStyle = '#ffd400'; ctx.lineWidth = 2;
      ctx.strokeRect(l - pad, t - pad, r - l + 2 * pad, b - t + 2 * pad);
      if (Math.max(r - l, b - t) < 24) {
        ctx.beginPath(); ctx.arc((l + r) / 2, (t + b) / 2, 24, 0, 2 * Math.PI); ctx.stroke();
      }
      canvas.dataset.frameId = frame.frameId || '';
    };
    img.src = 'data:image/jpeg;base64,' + image.jpegBase64;
  }

  function extent(points, box) {
    let r = 0.5;
    points.forEach((p) => { r = Math.max(r, Math.abs(p[0]), Math.abs(p[1]), Math.abs(p[2])); });
    if (box) { r = Math.max(r, box.length / 2, box.width / 2, box.height / 2); }
    return r * 1.15;
  }

  // Points arrive in the object's own frame (x along its length, origin on the ground under its
  // centre), so the box is axis-aligned there and stands on z = 0; box.yaw is the heading in the
  // sensor's frame and plays no part in this view.
  function boxCorners(box) {
    const out = [];
    for (const z of [0, box.height]) for (const [dx, dy] of [[1, 1], [1, -1], [-1, -1], [-1, 1]]) {
      out.push([dx * box.length / 2, dy * box.width / 2, z]);
    }
    return out;
  }

  function drawBev(frame) {
    const canvas = $('bev'), ctx = canvas.getContext('2d'), pts = frame.lidar || [];
    ctx.fillStyle = '#111'; ctx.fillRect(0, 0, canvas.width, canvas.height);
    const r = extent(pts, frame.box), k = canvas.width / (2 * r), cx = canvas.width / 2, cy = canvas.height / 2;
    const scale = colourScale(frame);
    // x forward is up on screen, y left is left on screen
    const screen = (x, y) => [cx - y * k, cy - x * k];
    pts.forEach((p) => {
      const [u, v] = screen(p[0], p[1]); ctx.fillStyle = colourOf(scale, p); ctx.fillRect(u - 1.5, v - 1.5, 3, 3);
    });
    if (frame.box) {
      const c = boxCorners(frame.box).slice(0, 4).map((q) => screen(q[0], q[1]));
      ctx.strokeStyle = '#ffd400'; ctx.lineWidth = 1.5; ctx.beginPath(); ctx.moveTo(...c[0]);
      c.slice(1).forEach((q) => ctx.lineTo(...q)); ctx.closePath(); ctx.stroke();
    }
    drawScaleBar(ctx, canvas, 1 / k);
  }

  function draw3d(frame) {
    const canvas = $('view3d'), ctx = canvas.getContext('2d'), pts = frame.lidar || [];
    ctx.fillStyle = '#111'; ctx.fillRect(0, 0, canvas.width, canvas.height);
    const r = extent(pts, frame.box), k = canvas.width / (2.4 * r);
    const cy = Math.cos(state.yaw), sy = Math.sin(state.yaw), cp = Math.cos(state.pitch), sp = Math.sin(state.pitch);
    const scale = colourScale(frame);
    // turn about the object's middle, not the ground it stands on
    const zc = frame.box ? frame.box.height / 2 : (pts.length ? (pts.reduce((m, p) => Math.min(m, p[2]), Infinity)
      + pts.reduce((m, p) => Math.max(m, p[2]), -Infinity)) / 2 : 0);
    // rotate about z (yaw), then tilt about the screen's x axis (pitch); a weak perspective by depth
    const project = (p) => {
      const x1 = p[0] * cy - p[1] * sy, y1 = p[0] * sy + p[1] * cy, z = p[2] - zc;
      const depth = y1 * cp + z * sp, up = -y1 * sp + z * cp, f = 1 / (1 + 0.15 * depth / r);
      return [canvas.width / 2 + x1 * k * f, canvas.height / 2 - up * k * f, depth];
    };
    pts.map((p) => [project(p), p]).sort((a, b) => b[0][2] - a[0][2]).forEach(([q, p]) => {
      ctx.fillStyle = colourOf(scale, p); ctx.fillRect(q[0] - 1.5, q[1] - 1.5, 3, 3);
    });
    if (frame.box) {
      const c = boxCorners(frame.box).map(project);
      const edges = [[0, 1], [1, 2], [2, 3], [3, 0], [4, 5], [5, 6], [6, 7], [7, 4], [0, 4], [1, 5], [2, 6], [3, 7]];
      ctx.strokeStyle = '#ffd400'; ctx.lineWidth = 1;
      edges.forEach(([a, b]) => { ctx.beginPath(); ctx.moveTo(c[a][0], c[a][1]); ctx.lineTo(c[b][0], c[b][1]); ctx.stroke(); });
    }
  }

  (function dragToRotate() {
    const canvas = $('view3d'); let last = null;
    canvas.addEventListener('mousedown', (e) => { last = [e.clientX, e.clientY]; canvas.style.cursor = 'grabbing'; });
    window.addEventListener('mouseup', () => { last = null; canvas.style.cursor = 'grab'; });
    window.addEventListener('mousemove', (e) => {
      if (!last || !state.lease || !state.lease.frame) { return; }
      state.yaw += (e.clientX - last[0]) * 0.01;
      state.pitch = Math.max(-1.5, Math.min(1.5, state.pitch + (e.clientY - last[1]) * 0.01));
      last = [e.clientX, e.clientY]; draw3d(state.lease.frame);
    });
  })();

  function drawPoints(frame) { drawLegend(frame); drawBev(frame); draw3d(frame); }

  // a far object has few points and a small box: saying so helps judge what little there is
  function facts(frame) {
    const c = frame.conditions || {}, b = frame.box, n = (frame.lidar || []).length;
    return ['range ' + (c.rangeMeters == null ? '?' : Number(c.rangeMeters).toFixed(1)) + ' m',
      n + (n === 1 ? ' lidar point' : ' lidar points'),
      b ? 'box ' + [b.length, b.width, b.height].map((v) => Number(v).toFixed(1)).join(' × ') + ' m' : null,
      'occlusion ' + Math.round((c.occlusion ?? 0) * 100) + '%', c.lighting, c.weather]
      .filter((part) => part).join(' · ');
  }

  function toggleColour() {
    state.colourBy = state.colourBy === 'height' ? 'intensity' : 'height';
    if (state.lease && state.lease.frame) { drawPoints(state.lease.frame); }
  }

  function show(lease) {
    state.lease = lease; state.active = 0; state.lastTick = performance.now(); activity();
    document.body.dataset.leaseId = lease.leaseId;
    $('work').hidden = false; $('empty').hidden = true; $('login').hidden = true;
    if (lease.frame) {
      drawCamera(lease.frame.camera); drawPoints(lease.frame); drawScene(lease.frame);
      $('conditions').textContent = facts(lease.frame);
    } else {
      $('context').hidden = true;
      $('conditions').textContent = 'This frame is stored at ' + lease.frameUri + ' and cannot be shown here.';
    }
    $('message').textContent = '';
    setState('ready');
  }

  let retry = null;
  async function next() {
    clearTimeout(retry);
    const { status, json } = await api('POST', '/api/leases');
    if (status === 204) {
      // the queue ran dry after an answer: a good moment to bring the record below up to date
      if (document.body.dataset.state === 'submitting') { loadContributions().catch(report); }
      state.lease = null; $('work').hidden = true; $('empty').hidden = false; setState('empty');
      retry = setTimeout(() => next().catch(report), 5000);
      return;
    }
    show(json);
  }

  async function answer(cls) {
    if (!state.lease || state.busy) { return; }
    state.busy = true; setState('submitting');
    try {
      const { json } = await api('POST', '/api/leases/' + state.lease.leaseId + '/answer',
                                 { answer: cls, activeMillis: Math.round(state.active) });
      showToday(json.today);
      state.lease = null;
      await next();
    } catch (e) {
      report(e); state.lease = null; await next().catch(report);
    } finally {
      state.busy = false;
    }
  }

  function report(e) { $('message').textContent = e.message; }

  function buttons() {
    const group = $('classes');
    CLASSES.forEach((c, i) => {
      const b = document.createElement('button'); b.type = 'button'; b.dataset.answer = c;
      b.innerHTML = '<kbd>' + (i + 1) + '</kbd>' + c.replace('_', ' ');
      b.addEventListener('click', () => answer(c)); group.appendChild(b);
    });
    const b = document.createElement('button'); b.type = 'button'; b.className = 'cant-tell'; b.dataset.answer = 'cant_tell';
    b.innerHTML = '<kbd>0 ?</kbd>can\u2019t tell'; b.addEventListener('click', () => answer(null)); group.appendChild(b);
    window.addEventListener('keydown', (e) => {
      if (e.target && e.target.tagName === 'INPUT') { return; }
      const n = Number(e.key);
      if (e.key >= '1' && e.key <= '8') { answer(CLASSES[n - 1]); }
      else if (e.key === '0' || e.key === '?') { answer(null); }
      else if (e.key === 'c' || e.key === 'C') { toggleColour(); }
    });
  }

  async function start() {
    try {
      const me = await api('GET', '/api/me');
      state.idleCutoff = me.json.idleCutoffMillis || state.idleCutoff;
      if (me.json.role !== 'labeller') { showLogin('This page is for labellers; your account is ' + me.json.role + '.'); return; }
      showToday((await api('GET', '/api/me/today')).json);
      await loadContributions();
      await next();
    } catch (e) {
      if (e.message !== 'unauthorized') { report(e); }
    }
  }

  $('login').addEventListener('submit', (e) => {
    e.preventDefault(); sessionStorage.setItem(TOKEN_KEY, $('token').value.trim()); start();
  });
  buttons();
  $('colour-by').addEventListener('click', toggleColour);
  if (token()) { start(); } else { showLogin(); }
})();
