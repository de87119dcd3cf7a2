// The auditor's page: the audit report of current data, fetched with the auditor's token and shown
// as the self-contained page the service renders, refreshed every 30 s; and the provenance of one
// frame, looked up by its id. Labellers appear only under pseudonyms.
(function () {
  'use strict';
  const TOKEN_KEY = 'handmade.token';
  const REFRESH_MS = 30000;
  const now = () => new Date().toISOString().slice(11, 19) + ' UTC';
  const ROLES = ['auditor', 'admin'];
  const $ = (id) => document.getElementById(id);
  const state = { loading: false, timer: null };

  function token() { return sessionStorage.getItem(TOKEN_KEY); }
  function setState(s) { document.body.dataset.state = s; }

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function get(path) {
    const response = await fetch(path, { headers: { 'Authorization': 'Bearer ' + token() } });
    const text = await response.text();
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin('Your token was not accepted.');
      throw new ApiError(401, 'unauthorized');
    }
    if (!response.ok) {
      let message = 'HTTP ' + response.status;
      try { message = JSON.parse(text).error || message; } catch (e) { /* not JSON: keep the status */ }
      throw new ApiError(response.status, message);
    }
    return text;
  }

  function showLogin(message) {
    clearInterval(state.timer);
    $('login').hidden = false; $('audit').hidden = true; $('controls').hidden = true;
    $('login-error').textContent = message || ''; setState('login');
    $('token').focus();
  }

  async function start() {
    if (!token()) { showLogin(); return; }
    let me;
    try {
      me = JSON.parse(await get('/api/me'));
    } catch (e) {
      if (e.status !== 401) { showLogin('The service could not be reached: ' + e.message); }
      return;
    }
    if (!ROLES.includes(me.role)) {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin('This page is for auditors; the token given is a ' + me.role + "'s.");
      return;
    }
    $('login').hidden = true; $('audit').hidden = false; $('controls').hidden = false;
    setState('ready');
    await loadReport();
    clearInterval(state.timer);
    state.timer = setInterval(() => { if (!document.hidden) { loadReport(); } }, REFRESH_MS);
    const wanted = new URLSearchParams(location.hash.slice(1)).get('frame');
    if (wanted) { $('frame-id').value = wanted; lookUp(wanted); }
  }

  // ---- the report -----------------------------------------------------------------------------
  async function loadReport() {
    if (state.loading) { return; }
    state.loading = true; $('refresh').disabled = true;
    $('updated').textContent = 'Updating…';
    try {
      const html = await get('/api/audit/report.html');
      const frame = $('report');
      frame.onload = () => { fitReport(); document.body.dataset.report = 'shown'; };
      frame.srcdoc = html;
      $('report-error').hidden = true;
      $('updated').textContent = 'Updated ' + now() + ' · refreshes every 30 s';
    } catch (e) {
      if (e.status === 401) { return; }
      $('report-error').textContent = 'The report could not be made: ' + e.message;
      $('report-error').hidden = false;
      $('updated').textContent = 'Last try ' + now() + ' failed';
      document.body.dataset.report = 'failed';
    } finally {
      state.loading = false; $('refresh').disabled = false;
    }
  }

  // the page scrolls, not the frame: the frame is as tall as the report
  function fitReport() {
    const frame = $('report'), doc = frame.contentDocument;
    if (doc && doc.documentElement) { frame.style.height = (doc.documentElement.scrollHeight + 20) + 'px'; }
  }
  window.addEventListener('resize', fitReport);

  // ---- provenance -----------------------------------------------------------------------------
  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (className) { e.className = className; }
    return e;
  }

  function facts(pairs) {
    const dl = el('dl');
    pairs.filter((p) => p[1] !== undefined && p[1] !== null && p[1] !== '').forEach(([term, value]) => {
      dl.append(el('dt', term), el('dd', String(value)));
    });
    return dl;
  }

  function table(headings, rows) {
    const t = el('table'), head = el('tr');
    headings.forEach((h) => head.append(el('th', h)));
    t.append(el('thead')); t.tHead.append(head);
    const body = el('tbody');
    rows.forEach((cells) => { const tr = el('tr'); cells.forEach((c) => tr.append(el('td', c))); body.append(tr); });
    t.append(body);
    return t;
  }

  // in UTC, as the report writes times
  const when = (iso) => iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '';
  const percent = (x) => x === null || x === undefined ? '' : (x * 100).toFixed(1) + '%';
  const money = (cents, currency) => (cents / 100).toFixed(2) + ' ' + (currency || '');
  const duration = (seconds) => {
    const s = Math.round(seconds), m = Math.floor(s / 60);
    return m > 0 ? m + ' min ' + String(s % 60).padStart(2, '0') + ' s' : s + ' s';
  };
  const lower = (s) => s ? String(s).toLowerCase().replace(/_/g, ' ') : s;

  function answers(list, withReason) {
    const headings = ['Labeller (pseudonym)', 'Answer', 'Active time', 'Paid', 'Answered'];
    if (withReason) { headings.push('Set aside because'); }
    return table(headings, list.map((a) => {
      const row = [a.labeller, a.answer ? lower(a.answer) : "can't tell", duration(a.activeSeconds),
                   money(a.payCents, a.currency), when(a.answeredAt)];
      if (withReason) { row.push(a.setAsideReason || ''); }
      return row;
    }));
  }

  function showProvenance(p) {
    const out = $('provenance');
    out.replaceChildren();
    out.append(el('h3', 'Frame ' + p.frameId));
    const d = p.decision;
    if (d) {
      const who = d.madeBy === 'MACHINE'
        ? 'the machine, model ' + d.modelVersion + ' at ' + percent(d.confidence) + ' confidence'
        : 'people' + (d.answers.length ? ' (' + d.answers.length + ' answers, ' + percent(d.agreement) + ' agreement)' : '');
      out.append(el('p', 'Decided ' + lower(d.label) + ' by ' + who + '.', 'verdict'));
      out.append(facts([
        ['Decision', lower(d.label)], ['Made by', lower(d.madeBy)], ['Route', lower(d.route)],
        ['Decided at', when(d.decidedAt)], ['Source', d.source], ['Vehicle', d.vehicleId],
        ['Model version', d.modelVersion], ['Confidence', percent(d.confidence)], ['Threshold', percent(d.threshold)],
        ['Task', d.taskId], ['Agreement', percent(d.agreement)],
        ['Model\u2019s opinion', d.machineOpinion
          ? lower(d.machineOpinion) + ' (' + d.machineOpinionVersion + ', ' + percent(d.machineOpinionConfidence) + ')'
          : null]
      ]));
      if (d.answers.length) { out.append(el('h4', 'Answers behind the decision'), answers(d.answers, false)); }
    } else {
      out.append(el('p', 'People have worked on this frame; the log holds no final decision yet.', 'verdict'));
    }
    p.labels.forEach((l) => {
      out.append(el('h4', 'People\u2019s work: task ' + l.taskId + ' (' + lower(l.kind) + ', feed #' + l.sequence + ')'));
      out.append(facts([['Outcome', lower(l.outcome)], ['Label', lower(l.label)], ['Agreement', percent(l.agreement)],
                        ['Verified at', when(l.verifiedAt)]]));
      out.append(answers(l.answers, false));
      if (l.setAside.length) { out.append(el('h4', 'Answers set aside'), answers(l.setAside, true)); }
    });
    out.append(el('h4', 'Model versions trained on its label'));
    out.append(el('p', p.trainedVersions.length
      ? p.trainedVersions.join(', ') + (p.inheritedBy.length ? '; carried on by ' + p.inheritedBy.join(', ') : '')
      : 'None yet.', 'trained'));
  }

  async function lookUp(frameId) {
    const out = $('provenance');
    out.replaceChildren(el('p', 'Looking up ' + frameId + '…'));
    try {
      showProvenance(JSON.parse(await get('/api/audit/frames/' + frameId.split('/').map(encodeURIComponent).join('/'))));
      history.replaceState(null, '', '#frame=' + encodeURIComponent(frameId));
    } catch (e) {
      if (e.status === 401) { return; }
      out.replaceChildren(el('p', e.status === 404 ? 'The audit log knows nothing of frame ' + frameId + '.'
        : 'The lookup failed: ' + e.message, 'error'));
    }
  }

  // ---- wiring ---------------------------------------------------------------------------------
  $('login').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    start();
  });
  $('sign-out').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); showLogin(); });
  $('refresh').addEventListener('click', loadReport);
  $('frame-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const id = $('frame-id').value.trim();
    if (id) { lookUp(id); }
  });
  start();
})();
