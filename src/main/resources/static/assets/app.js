// The search page of Gemini Search: plain JavaScript, no build step, no external resources.
// Every API call goes through api()/upload(), which add the X-API-Key header when a key is set and
// turn problem+json errors into ApiError with the server's detail. Media is fetched with the header
// and shown through blob: URLs, because <img src> cannot send a header.
'use strict';

(function () {
  const KEY_STORAGE = 'geminiSearch.apiKey';
  const MODALITIES = ['image', 'audio', 'video', 'document', 'text'];
  const GROUP_LABELS = {image: 'Images', audio: 'Audio', video: 'Video', document: 'Documents', text: 'Text'};
  const $ = (id) => document.getElementById(id);

  const state = {
    queryFile: null,        // File chosen or dropped on the search bar
    queryItem: null,        // {id, title} when searching by a stored item ("similar")
    results: [],
    activeTab: 'all',
    libraryCursor: null,
    blobUrls: new Map(),    // item id -> Promise<blob URL>
  };

  // ---------------------------------------------------------------- API access

  class ApiError extends Error {
    constructor(status, title, detail, errors) {
      super(detail || title || ('HTTP ' + status));
      this.status = status;
      this.title = title;
      this.detail = detail;
      this.errors = errors || [];
    }
  }

  function apiKey() {
    try { return sessionStorage.getItem(KEY_STORAGE) || ''; } catch (e) { return ''; }
  }

  function authHeaders() {
    const key = apiKey();
    return key ? {'X-API-Key': key} : {};
  }

  function problemFrom(status, contentType, bodyText) {
    if (contentType && contentType.indexOf('json') >= 0 && bodyText) {
      try {
        const p = JSON.parse(bodyText);
        return new ApiError(status, p.title, p.detail, p.errors);
      } catch (e) { /* fall through */ }
    }
    return new ApiError(status, 'HTTP ' + status, bodyText ? bodyText.slice(0, 200) : 'The request failed (HTTP ' + status + ').');
  }

  async function api(path, options) {
    options = options || {};
    const headers = Object.assign({Accept: 'application/json, application/problem+json'}, authHeaders(), options.headers || {});
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response;
    try {
      response = await fetch(path, {method: options.method || 'GET', headers, body});
    } catch (e) {
      throw new ApiError(0, 'Network error', 'The service could not be reached: ' + e.message);
    }
    if (response.status === 204) return null;
    const text = await response.text();
    if (!response.ok) {
      const error = problemFrom(response.status, response.headers.get('Content-Type'), text);
      if (response.status === 401) showKeyForm(error);
      throw error;
    }
    return text ? JSON.parse(text) : null;
  }

  /** A multipart POST with upload progress (fetch cannot report it). */
  function upload(path, formData, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
      const headers = authHeaders();
      Object.keys(headers).forEach((name) => xhr.setRequestHeader(name, headers[name]));
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(xhr.responseText ? JSON.parse(xhr.responseText) : null);
        } else {
          const error = problemFrom(xhr.status, xhr.getResponseHeader('Content-Type'), xhr.responseText);
          if (xhr.status === 401) showKeyForm(error);
          reject(error);
        }
      };
      xhr.onerror = () => reject(new ApiError(0, 'Network error', 'The upload did not reach the service.'));
      xhr.send(formData);
    });
  }

  /**
   * A URL the page can load the item's original from. Without an API key, the content URL itself:
   * the browser then streams it with Range requests and can seek in a long video at once. With a
   * key (which a media element cannot send), a blob: URL of the fetched original, cached per item.
   */
  function contentUrl(item) {
    const url = item.contentUrl || ('/items/' + encodeURIComponent(item.id) + '/content');
    if (!apiKey()) {
      return Promise.resolve(url);
    }
    if (!state.blobUrls.has(item.id)) {
      const promise = fetch(url, {headers: authHeaders()}).then(async (response) => {
        if (!response.ok) {
          throw problemFrom(response.status, response.headers.get('Content-Type'), await response.text());
        }
        return URL.createObjectURL(await response.blob());
      });
      promise.catch(() => state.blobUrls.delete(item.id));
      state.blobUrls.set(item.id, promise);
    }
    return state.blobUrls.get(item.id);
  }

  /** "1:05" or "1:02:05" for a number of seconds. */
  function formatTime(seconds) {
    const total = Math.max(0, Math.floor(seconds));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const sec = String(total % 60).padStart(2, '0');
    return h ? h + ':' + String(m).padStart(2, '0') + ':' + sec : m + ':' + sec;
  }

  /** What part of a long item matched: "pages 13–18" or "1:50–3:40"; null for a whole item. */
  function describeSegment(segment) {
    if (!segment) return null;
    if (segment.pageStart != null) {
      return segment.pageStart === segment.pageEnd ? 'page ' + segment.pageStart
        : 'pages ' + segment.pageStart + '–' + segment.pageEnd;
    }
    if (segment.startSeconds != null) {
      return formatTime(segment.startSeconds) + '–' + formatTime(segment.endSeconds);
    }
    return null;
  }

  function forgetContent(id) {
    const promise = state.blobUrls.get(id);
    if (promise) {
      state.blobUrls.delete(id);
      promise.then((url) => URL.revokeObjectURL(url), () => {});
    }
  }

  function describeError(error) {
    if (!(error instanceof ApiError)) return String(error && error.message || error);
    let text = error.detail || error.title;
    if (error.errors && error.errors.length > 1) {
      text += ' (' + error.errors.map((e) => e.field + ': ' + e.message).join('; ') + ')';
    }
    return text;
  }

  function showError(element, error) {
    element.textContent = '';
    if (!error) return;
    const status = error instanceof ApiError && error.status ? error.status + ' ' + (error.title || '') + ': ' : '';
    const strong = document.createElement('strong');
    strong.textContent = status;
    const detail = document.createElement('span');
    detail.className = 'problem-detail';
    detail.textContent = describeError(error);
    if (status) element.appendChild(strong);
    element.appendChild(detail);
  }

  // ---------------------------------------------------------------- header: info and key

  async function loadInfo() {
    try {
      const info = await api('/info');
      $('info-model').textContent = info.model;
      $('info-dimensions').textContent = info.dimensions;
      $('info-items').textContent = info.items;
      $('info-store').textContent = info.store;
      const banner = $('embedding-banner');
      if (info.embedding && !info.embedding.available) {
        banner.textContent = 'Embeddings are unavailable, so search and add will fail: ' + (info.embedding.detail || '');
        banner.hidden = false;
      } else {
        banner.hidden = true;
      }
      showError($('global-error'), null);
      return true;
    } catch (error) {
      showError($('global-error'), error);
      return false;
    }
  }

  function showKeyForm(error) {
    const form = $('key-form');
    form.hidden = false;
    if (error && !apiKey()) {
      $('api-key').setAttribute('aria-invalid', 'true');
    }
  }

  function setUpKeyForm() {
    const form = $('key-form');
    if (apiKey()) {
      form.hidden = false;
      $('api-key').value = apiKey();
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      try {
        if (key) sessionStorage.setItem(KEY_STORAGE, key); else sessionStorage.removeItem(KEY_STORAGE);
      } catch (e) { /* storage disabled: the key lives only in the field */ }
      state.blobUrls.clear();
      $('api-key').removeAttribute('aria-invalid');
      if (await loadInfo()) {
        refreshLibrary();
        $('q-text').focus();
      }
    });
    $('key-forget').addEventListener('click', () => {
      try { sessionStorage.removeItem(KEY_STORAGE); } catch (e) { /* ignore */ }
      $('api-key').value = '';
      $('api-key').focus();
    });
  }

  // ---------------------------------------------------------------- search

  function setQueryFile(file) {
    state.queryFile = file || null;
    const box = $('query-file');
    const preview = $('query-file-preview');
    preview.textContent = '';
    if (!file) {
      box.hidden = true;
      $('q-file').value = '';
      return;
    }
    if (file.type.startsWith('image/')) {
      const img = document.createElement('img');
      img.alt = '';
      img.src = URL.createObjectURL(file);
      img.onload = () => URL.revokeObjectURL(img.src);
      preview.appendChild(img);
    } else {
      preview.appendChild(glyph(modalityOfMime(file.type)));
    }
    $('query-file-name').textContent = file.name + ' (' + formatBytes(file.size) + ')';
    box.hidden = false;
  }

  function setQueryItem(item) {
    state.queryItem = item;
    $('query-item').hidden = !item;
    $('query-item-title').textContent = item ? (item.title || item.id) : '';
  }

  function topK() {
    const n = parseInt($('q-topk').value, 10);
    return Number.isFinite(n) ? n : 12;
  }

  async function search() {
    const text = $('q-text').value.trim();
    const modality = $('q-modality').value;
    const k = topK();
    const errorBox = $('search-error');
    showError(errorBox, null);
    if (!text && !state.queryFile && !state.queryItem) {
      showError(errorBox, new Error('Type some text, choose a file, or pick “Similar” on a result.'));
      $('q-text').focus();
      return;
    }
    const status = $('results-status');
    status.textContent = 'Searching…';
    $('results-section').setAttribute('aria-busy', 'true');
    $('search-button').disabled = true;
    try {
      let response;
      const expression = $('q-filter').value.trim();
      const hybrid = $('q-hybrid').checked && Boolean(text);
      const excluded = state.queryItem && !text && !state.queryFile ? state.queryItem.id : null;
      const filter = {};
      if (modality) filter.modality = modality;
      if (expression) filter.expression = expression;
      if (excluded) {
        // Search by a stored item: no Gemini call, and the service leaves the item itself out.
        const body = {itemId: excluded, topK: k, filter};
        response = await api('/search', {method: 'POST', json: body});
      } else if (state.queryFile) {
        const form = new FormData();
        form.append('file', state.queryFile, state.queryFile.name);
        if (text) form.append('text', text);
        form.append('topK', String(k));
        if (modality) form.append('modality', modality);
        if (expression) form.append('filter', expression);
        if (hybrid) form.append('hybrid', 'true');
        response = await api('/search', {method: 'POST', body: form});
      } else {
        const body = {text, topK: k, filter};
        if (hybrid) body.hybrid = {enabled: true};
        response = await api('/search', {method: 'POST', json: body});
      }
      state.results = response.results;
      const what = excluded ? 'similar to “' + (state.queryItem.title || excluded) + '”'
        : [text ? '“' + text + '”' : '', state.queryFile ? state.queryFile.name : ''].filter(Boolean).join(' + ');
      status.textContent = response.results.length + ' result' + (response.results.length === 1 ? '' : 's')
        + ' for ' + what + ' in ' + response.tookMs + ' ms';
      renderResults();
    } catch (error) {
      status.textContent = 'The search failed.';
      showError(errorBox, error);
    } finally {
      $('search-button').disabled = false;
      $('results-section').removeAttribute('aria-busy');
    }
  }

  /** The group a result is shown in: its first media modality, else text. */
  function groupOf(result) {
    const modalities = result.modalities || [];
    for (const m of MODALITIES) {
      if (m !== 'text' && modalities.indexOf(m) >= 0) return m;
    }
    return 'text';
  }

  function renderResults() {
    const container = $('results');
    container.textContent = '';
    const groups = {};
    state.results.forEach((result) => {
      const g = groupOf(result);
      (groups[g] = groups[g] || []).push(result);
    });
    const present = MODALITIES.filter((m) => groups[m]);
    if (present.indexOf(state.activeTab) < 0) state.activeTab = 'all';
    renderTabs(present, groups);
    if (state.results.length === 0) {
      const empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'Nothing found. Add items below, or loosen the modality filter.';
      container.appendChild(empty);
      return;
    }
    present.forEach((modality) => {
      const section = document.createElement('section');
      section.className = 'result-group';
      section.dataset.modality = modality;
      section.id = 'group-' + modality;
      section.setAttribute('role', 'tabpanel');
      section.setAttribute('aria-labelledby', 'tab-' + modality);
      section.hidden = state.activeTab !== 'all' && state.activeTab !== modality;
      const heading = document.createElement('h3');
      heading.textContent = GROUP_LABELS[modality] + ' (' + groups[modality].length + ')';
      section.appendChild(heading);
      const list = document.createElement('ol');
      list.className = 'result-list';
      groups[modality].forEach((result) => list.appendChild(renderResult(result, modality)));
      section.appendChild(list);
      container.appendChild(section);
    });
    container.classList.toggle('single', state.activeTab !== 'all' || present.length === 1);
  }

  function renderTabs(present, groups) {
    const tabs = $('result-tabs');
    tabs.textContent = '';
    tabs.hidden = present.length === 0;
    const entries = [['all', 'All (' + state.results.length + ')']]
      .concat(present.map((m) => [m, GROUP_LABELS[m] + ' (' + groups[m].length + ')']));
    entries.forEach(([key, label]) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.id = 'tab-' + key;
      tab.className = 'tab';
      tab.setAttribute('role', 'tab');
      tab.dataset.tab = key;
      tab.textContent = label;
      const selected = state.activeTab === key;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      tab.addEventListener('click', () => selectTab(key));
      tab.addEventListener('keydown', (event) => {
        const keys = entries.map((e) => e[0]);
        let index = keys.indexOf(key);
        if (event.key === 'ArrowRight') index = (index + 1) % keys.length;
        else if (event.key === 'ArrowLeft') index = (index - 1 + keys.length) % keys.length;
        else if (event.key === 'Home') index = 0;
        else if (event.key === 'End') index = keys.length - 1;
        else return;
        event.preventDefault();
        selectTab(keys[index]);
      });
      tabs.appendChild(tab);
    });
  }

  function selectTab(key) {
    state.activeTab = key;
    document.querySelectorAll('#result-tabs .tab').forEach((tab) => {
      const selected = tab.dataset.tab === key;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected) tab.focus();
    });
    const groups = document.querySelectorAll('#results .result-group');
    groups.forEach((group) => { group.hidden = key !== 'all' && group.dataset.modality !== key; });
    $('results').classList.toggle('single', key !== 'all' || groups.length === 1);
  }

  function renderResult(result, group) {
    const li = document.createElement('li');
    li.className = 'result card';
    li.dataset.id = result.id;
    li.dataset.modality = group;

    const media = document.createElement('div');
    media.className = 'result-media';
    li.appendChild(media);
    fillMedia(media, result, group);

    const body = document.createElement('div');
    body.className = 'result-body';
    const title = document.createElement('h4');
    title.className = 'result-title';
    title.textContent = result.title || result.id;
    body.appendChild(title);

    const score = document.createElement('p');
    score.className = 'score';
    const value = Math.max(0, Math.min(1, result.score));
    score.innerHTML = '<span class="score-label">Score</span> <span class="score-value"></span>'
      + '<span class="score-bar" aria-hidden="true"><span></span></span>';
    score.querySelector('.score-value').textContent = result.score.toFixed(3);
    score.querySelector('.score-bar span').style.width = (value * 100).toFixed(1) + '%';
    body.appendChild(score);

    const badges = document.createElement('p');
    badges.className = 'badges';
    (result.modalities || []).forEach((m) => {
      const badge = document.createElement('span');
      badge.className = 'badge badge-' + m;
      badge.textContent = m;
      badges.appendChild(badge);
    });
    body.appendChild(badges);

    const segmentText = describeSegment(result.segment);
    if (segmentText) {
      const where = document.createElement('p');
      where.className = 'segment';
      where.textContent = 'Best match: ' + segmentText;
      body.appendChild(where);
    }

    if (result.snippet) {
      const snippet = document.createElement('p');
      snippet.className = 'snippet';
      snippet.textContent = result.snippet;
      body.appendChild(snippet);
    }
    const metadata = result.metadata ? Object.keys(result.metadata) : [];
    if (metadata.length) {
      const dl = document.createElement('dl');
      dl.className = 'metadata';
      metadata.forEach((key) => {
        const wrapper = document.createElement('div');
        const dt = document.createElement('dt');
        dt.textContent = key;
        const dd = document.createElement('dd');
        const v = result.metadata[key];
        dd.textContent = typeof v === 'object' ? JSON.stringify(v) : String(v);
        wrapper.appendChild(dt);
        wrapper.appendChild(dd);
        dl.appendChild(wrapper);
      });
      body.appendChild(dl);
    }

    const actions = document.createElement('div');
    actions.className = 'result-actions';
    const similar = document.createElement('button');
    similar.type = 'button';
    similar.className = 'secondary small similar';
    similar.textContent = 'Similar';
    similar.setAttribute('aria-label', 'Find items similar to ' + (result.title || result.id));
    similar.addEventListener('click', () => {
      $('q-text').value = '';
      setQueryFile(null);
      setQueryItem({id: result.id, title: result.title});
      search();
      $('results-heading').scrollIntoView({behavior: 'smooth', block: 'start'});
    });
    actions.appendChild(similar);
    if (group !== 'text') {
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'secondary small';
      open.textContent = 'Open';
      open.setAttribute('aria-label', 'Open the original of ' + (result.title || result.id));
      open.addEventListener('click', () => openOriginal(result, open));
      actions.appendChild(open);
    }
    body.appendChild(actions);
    li.appendChild(body);
    return li;
  }

  function fillMedia(media, result, group) {
    if (group === 'text') {
      media.classList.add('glyph-only');
      media.appendChild(glyph('text'));
      return;
    }
    const label = result.title || result.id;
    let element;
    if (group === 'image') {
      element = document.createElement('img');
      element.alt = label;
      element.className = 'thumb';
      element.decoding = 'async';
    } else if (group === 'audio') {
      element = document.createElement('audio');
      element.controls = true;
      element.preload = 'metadata';
      element.setAttribute('aria-label', 'Play ' + label);
    } else if (group === 'video') {
      element = document.createElement('video');
      element.controls = true;
      element.preload = 'metadata';
      element.playsInline = true;
      element.setAttribute('aria-label', 'Play ' + label);
    } else {
      media.classList.add('glyph-only');
      media.appendChild(glyph('document'));
      return;
    }
    media.appendChild(element);
    const start = result.segment && result.segment.startSeconds;
    if (start) {
      // Start where the matching segment starts; the player fetches only that range.
      element.addEventListener('loadedmetadata', () => { element.currentTime = start; }, {once: true});
    }
    contentUrl(result).then((url) => { element.src = url; }, (error) => {
      media.textContent = '';
      const p = document.createElement('p');
      p.className = 'error small-text';
      p.textContent = 'Could not load: ' + describeError(error);
      media.appendChild(p);
    });
  }

  async function openOriginal(item, button) {
    try {
      // A blob: URL in a new tab: the original cannot be linked directly when an API key is needed.
      const a = document.createElement('a');
      const page = item.segment && item.segment.pageStart;
      // PDF viewers open at #page=N: the first page of the matching window.
      a.href = (await contentUrl(item)) + (page ? '#page=' + page : '');
      a.target = '_blank';
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (error) {
      showError($('global-error'), error);
      button.focus();
    }
  }

  // ---------------------------------------------------------------- add: files

  function uploadFiles(files) {
    const list = $('upload-list');
    const metadata = $('upload-metadata').value.trim();
    const batch = document.createDocumentFragment();
    const rows = Array.from(files).map((file) => {
      const li = document.createElement('li');
      li.className = 'upload pending';
      li.dataset.name = file.name;
      const name = document.createElement('span');
      name.className = 'upload-name';
      name.textContent = file.name + ' (' + formatBytes(file.size) + ')';
      const progress = document.createElement('progress');
      progress.max = 100;
      progress.value = 0;
      progress.setAttribute('aria-label', 'Upload of ' + file.name);
      const status = document.createElement('span');
      status.className = 'upload-status';
      status.textContent = 'Waiting';
      li.appendChild(name);
      li.appendChild(progress);
      li.appendChild(status);
      batch.appendChild(li);
      return {file, li, progress, status};
    });
    list.insertBefore(batch, list.firstChild); // newest batch first, files in the order given
    $('upload-status').textContent = 'Uploading ' + rows.length + ' file' + (rows.length === 1 ? '' : 's') + '…';
    let next = 0;
    let ok = 0;
    let failed = 0;
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++];
        row.status.textContent = 'Uploading';
        const form = new FormData();
        form.append('file', row.file, row.file.name);
        form.append('title', row.file.name);
        if (metadata) form.append('metadata', metadata);
        try {
          let item = await upload('/items', form, (fraction) => {
            row.progress.value = Math.round(fraction * 100);
            if (fraction >= 1) row.status.textContent = 'Embedding…';
          });
          if (item && item.status && item.progress) {
            item = await followJob(item, row);
          }
          forgetContent(item.id);
          row.progress.value = 100;
          row.li.className = 'upload done';
          row.li.dataset.id = item.id;
          row.status.textContent = '✓ Added (' + (item.modalities || []).join(', ') + ')';
          ok++;
        } catch (error) {
          row.li.className = 'upload failed';
          row.status.textContent = '';
          row.status.setAttribute('role', 'alert');
          showError(row.status, error);
          failed++;
        }
      }
    };
    // Two at a time: quick feedback without flooding the embedder.
    return Promise.all([worker(), worker()]).then(() => {
      $('upload-status').textContent = ok + ' added' + (failed ? ', ' + failed + ' failed' : '') + '.';
      if (ok) {
        loadInfo();
        refreshLibrary();
      }
    });
  }

  /**
   * Polls a long ingest (202 with a job) until it ends, showing segments done of total; resolves
   * with the stored item, rejects with the job's problem.
   */
  async function followJob(job, row) {
    row.progress.value = 0;
    while (job.status === 'queued' || job.status === 'running') {
      const p = job.progress || {};
      row.status.textContent = job.status === 'queued' ? 'Queued…'
        : 'Embedding segment ' + Math.min(p.done + 1, p.total || 1) + ' of ' + (p.total || '?') + '…';
      if (p.total) row.progress.value = Math.round(100 * p.done / p.total);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      job = await api('/jobs/' + encodeURIComponent(job.id));
    }
    if (job.status === 'failed') {
      const e = job.error || {};
      throw new ApiError(e.status || 500, e.title || 'Ingest failed', e.detail || 'The ingest job failed.');
    }
    return api('/items/' + encodeURIComponent(job.itemId));
  }

  // ---------------------------------------------------------------- add: text

  async function addText() {
    const text = $('text-body').value.trim();
    const title = $('text-title').value.trim();
    const metadata = $('text-metadata').value.trim();
    showError($('text-error'), null);
    $('text-status').textContent = '';
    if (!text) {
      showError($('text-error'), new Error('Write some text to add.'));
      $('text-body').focus();
      return;
    }
    const form = new FormData();
    form.append('text', text);
    if (title) form.append('title', title);
    if (metadata) form.append('metadata', metadata);
    $('text-add').disabled = true;
    try {
      const item = await upload('/items', form);
      $('text-status').textContent = 'Added “' + (item.title || item.id) + '”.';
      $('text-body').value = '';
      $('text-title').value = '';
      loadInfo();
      refreshLibrary();
    } catch (error) {
      showError($('text-error'), error);
    } finally {
      $('text-add').disabled = false;
    }
  }

  // ---------------------------------------------------------------- library

  async function refreshLibrary(append) {
    const list = $('library-list');
    const cursor = append ? state.libraryCursor : null;
    showError($('library-error'), null);
    try {
      const page = await api('/items?limit=50' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      if (!append) list.textContent = '';
      page.items.forEach((item) => list.appendChild(renderLibraryItem(item)));
      if (!append && page.items.length === 0) {
        const li = document.createElement('li');
        li.className = 'empty';
        li.textContent = 'The library is empty: add files or text above.';
        list.appendChild(li);
      }
      state.libraryCursor = page.nextCursor || null;
      $('library-more').hidden = !state.libraryCursor;
    } catch (error) {
      showError($('library-error'), error);
    }
  }

  function renderLibraryItem(item) {
    const li = document.createElement('li');
    li.className = 'library-item';
    li.dataset.id = item.id;
    const icon = glyph(groupOf(item));
    const name = document.createElement('span');
    name.className = 'library-title';
    name.textContent = item.title || item.id;
    const kinds = document.createElement('span');
    kinds.className = 'library-kinds';
    kinds.textContent = (item.modalities || []).join(', ');
    const similar = document.createElement('button');
    similar.type = 'button';
    similar.className = 'secondary small';
    similar.textContent = 'Similar';
    similar.setAttribute('aria-label', 'Find items similar to ' + (item.title || item.id));
    similar.addEventListener('click', () => {
      $('q-text').value = '';
      setQueryFile(null);
      setQueryItem({id: item.id, title: item.title});
      search();
      $('search-heading').scrollIntoView({behavior: 'smooth'});
    });
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'danger small';
    remove.textContent = 'Delete';
    remove.setAttribute('aria-label', 'Delete ' + (item.title || item.id));
    remove.addEventListener('click', async () => {
      if (!window.confirm('Delete “' + (item.title || item.id) + '”?')) return;
      try {
        await api('/items/' + encodeURIComponent(item.id), {method: 'DELETE'});
        forgetContent(item.id);
        li.remove();
        loadInfo();
      } catch (error) {
        showError($('library-error'), error);
      }
    });
    li.appendChild(icon);
    li.appendChild(name);
    li.appendChild(kinds);
    li.appendChild(similar);
    li.appendChild(remove);
    return li;
  }

  // ---------------------------------------------------------------- helpers

  function modalityOfMime(type) {
    if (!type) return 'document';
    if (type.startsWith('image/')) return 'image';
    if (type.startsWith('audio/')) return 'audio';
    if (type.startsWith('video/')) return 'video';
    return 'document';
  }

  /** A small coloured label standing for a modality (no icon font or emoji needed). */
  function glyph(modality) {
    const span = document.createElement('span');
    span.className = 'glyph glyph-' + modality;
    span.setAttribute('aria-hidden', 'true');
    span.textContent = {image: 'IMG', audio: 'AUDIO', video: 'VIDEO', document: 'PDF', text: 'TEXT'}[modality] || 'FILE';
    return span;
  }

  function formatBytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
    return (n / 1024 / 1024).toFixed(1) + ' MB';
  }

  /** Drag-and-drop onto an element; the element also keeps its keyboard-operable file input. */
  function dropTarget(element, onFiles) {
    let depth = 0;
    element.addEventListener('dragenter', (event) => {
      event.preventDefault();
      depth++;
      element.classList.add('dragging');
    });
    element.addEventListener('dragover', (event) => { event.preventDefault(); });
    element.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) element.classList.remove('dragging');
    });
    element.addEventListener('drop', (event) => {
      event.preventDefault();
      depth = 0;
      element.classList.remove('dragging');
      if (event.dataTransfer && event.dataTransfer.files.length) onFiles(event.dataTransfer.files);
    });
  }

  // ---------------------------------------------------------------- wiring

  function init() {
    setUpKeyForm();
    $('search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      if (state.queryItem && ($('q-text').value.trim() || state.queryFile)) setQueryItem(null);
      search();
    });
    $('q-file').addEventListener('change', () => {
      const file = $('q-file').files[0];
      if (file) {
        setQueryItem(null);
        setQueryFile(file);
        search();
      }
    });
    $('query-file-clear').addEventListener('click', () => { setQueryFile(null); $('q-text').focus(); });
    $('query-item-clear').addEventListener('click', () => { setQueryItem(null); $('q-text').focus(); });
    dropTarget($('search-drop'), (files) => {
      setQueryItem(null);
      setQueryFile(files[0]);
      search();
    });

    $('upload-form').addEventListener('submit', (event) => event.preventDefault());
    $('upload-files').addEventListener('change', () => {
      const files = Array.from($('upload-files').files);
      $('upload-files').value = '';
      if (files.length) uploadFiles(files);
    });
    dropTarget($('upload-drop'), (files) => uploadFiles(Array.from(files)));

    $('text-form').addEventListener('submit', (event) => { event.preventDefault(); addText(); });
    $('library-refresh').addEventListener('click', () => refreshLibrary());
    $('library-more').addEventListener('click', () => refreshLibrary(true));

    // Dropping a file anywhere else must not navigate away from the page.
    window.addEventListener('dragover', (event) => event.preventDefault());
    window.addEventListener('drop', (event) => event.preventDefault());

    loadInfo().then((ok) => { if (ok) refreshLibrary(); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
