// The upload page: a person's profile and cover images, through the spec's
// UserImagesService (user-images-service.js) for reading and deleting, and
// XMLHttpRequest for uploading (fetch reports no upload progress).
//
// The token comes from the form or the URL fragment (#token=...; removed
// from the address bar once read). #api=https://images.example.com points
// the page at a userimg on another origin (that origin must list this
// page's in [http] cors_origins). The limits checked before an upload are
// the server's own (GET user-images/limits); whatever the server refuses
// anyway is shown in its own words.
'use strict';

(() => {
  const kinds = {
    profile_image: { label: 'profile image', remove: 'deleteProfileImage' },
    cover_image: { label: 'cover image', remove: 'deleteCoverImage' },
  };
  const fragment = new URLSearchParams(location.hash.slice(1));
  const apiOrigin = (fragment.get('api') || '').replace(/\/+$/, '');
  let service = null;
  let limits = null;

  const byId = (id) => document.getElementById(id);
  const setStatus = (text) => { byId('status').textContent = text; };
  // The API's URLs are relative to its own origin.
  const absolute = (url) => new URL(url, apiOrigin ? `${apiOrigin}/` : location.href).href;
  const megabytes = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
  const serverMessage = (body, status) =>
    (body && (body.error || body.detail)) || `The server answered ${status}.`;

  async function start(token) {
    service = new UserImagesService(token);
    if (apiOrigin) service.baseUrl = `${apiOrigin}/api/resume/`;
    setStatus('Loading your images…');
    try {
      limits = await fetchLimits();
      for (const kind of Object.keys(kinds)) describeLimits(kind);
      await refresh();
      byId('images').hidden = false;
      setStatus('');
      document.body.dataset.state = 'ready';
    } catch (error) {
      byId('images').hidden = true;
      setStatus(error.message);
      document.body.dataset.state = 'error';
    }
  }

  async function fetchLimits() {
    let response;
    try {
      response = await fetch(`${service.baseUrl}user-images/limits`, {
        headers: { 'Authorization': `Bearer ${service.token}` },
      });
    } catch (error) {
      throw new Error('The image service cannot be reached (or does not allow this page).');
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(serverMessage(body, response.status));
    return body;
  }

  async function refresh() {
    const data = await service.getCurrentImages();
    if (!data.images) throw new Error(serverMessage(data, 'no images'));
    for (const kind of Object.keys(kinds)) show(kind, data);
  }

  // The current image of `kind`, the default one when none, its variants
  // and placeholder colour when the server lists them.
  function show(kind, data) {
    const url = data.images[kind];
    const own = Boolean(data.variants && data.variants[kind]);
    const img = byId(`${kind}-current`);
    const caption = byId(`${kind}-caption`);
    const placeholder = data.placeholder && data.placeholder[kind];
    img.style.backgroundColor = placeholder ? placeholder.color : '';
    if (url) {
      img.hidden = false;
      img.src = absolute(url);
      img.alt = own ? `Your ${kinds[kind].label}` : `The default ${kinds[kind].label}`;
      caption.textContent = own ? '' : `No ${kinds[kind].label} yet: this is the default.`;
    } else {
      img.hidden = true;
      img.removeAttribute('src');
      caption.textContent = `No ${kinds[kind].label} yet.`;
    }
    const list = byId(`${kind}-variants`);
    list.replaceChildren();
    for (const [name, variantUrl] of Object.entries((data.variants && data.variants[kind]) || {})) {
      const item = document.createElement('li');
      const small = document.createElement('img');
      small.src = absolute(variantUrl);
      small.alt = `${name} copy of your ${kinds[kind].label}`;
      small.title = name;
      item.append(small);
      list.append(item);
    }
    const section = document.querySelector(`section[data-kind="${kind}"]`);
    section.dataset.own = own ? 'yes' : 'no';
    section.querySelector('.delete').disabled = !own;
  }

  function describeLimits(kind) {
    const names = limits.types.map((type) => type.replace('image/', '').toUpperCase()).join(', ');
    document.querySelector(`section[data-kind="${kind}"] .limits`).textContent =
      `${names}; up to ${megabytes(limits.max_bytes)}.`;
  }

  // The reason `file` cannot be sent, or "".
  function refusal(file) {
    if (!limits.types.includes(file.type)) {
      return `${file.name} is not an image this service accepts (${file.type || 'unknown type'}).`;
    }
    if (file.size > limits.max_bytes) {
      return `${file.name} is ${megabytes(file.size)}; the largest accepted is ${megabytes(limits.max_bytes)}.`;
    }
    return '';
  }

  function uploadWithProgress(kind, file, onProgress) {
    return new Promise((resolve, reject) => {
      const formData = new FormData();
      formData.append(kind, file);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${service.baseUrl}user-images/`);
      xhr.setRequestHeader('Authorization', `Bearer ${service.token}`);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(Math.round((100 * event.loaded) / event.total));
      };
      xhr.onload = () => {
        let body = {};
        try { body = JSON.parse(xhr.responseText); } catch (error) { /* not JSON */ }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(new Error('The upload failed: the service cannot be reached.'));
      xhr.send(formData);
    });
  }

  function setUpChooser(kind) {
    const section = document.querySelector(`section[data-kind="${kind}"]`);
    section.append(byId('chooser').content.cloneNode(true));
    const drop = section.querySelector('.drop');
    const input = section.querySelector('.file');
    const upload = section.querySelector('.upload');
    const remove = section.querySelector('.delete');
    const progress = section.querySelector('.progress');
    const message = section.querySelector('.message');
    const preview = section.querySelector('.preview');
    const label = kinds[kind].label;
    input.id = `${kind}-file`;
    input.setAttribute('aria-label', `Choose a new ${label}`);
    upload.textContent = `Upload ${label}`;
    remove.textContent = `Delete ${label}`;
    let chosen = null;

    const say = (text, ok) => {
      message.textContent = text;
      message.classList.toggle('ok', Boolean(ok));
    };
    const choose = (file) => {
      chosen = null;
      upload.disabled = true;
      preview.hidden = true;
      progress.hidden = true;
      if (!file) return;
      const why = refusal(file);
      if (why) {
        say(why);
        return;
      }
      say('');
      chosen = file;
      const img = preview.querySelector('.preview-img');
      img.src = URL.createObjectURL(file);
      img.alt = `Preview of ${file.name}, not uploaded yet`;
      preview.querySelector('.preview-caption').textContent = `${file.name}, ${megabytes(file.size)}`;
      preview.hidden = false;
      upload.disabled = false;
    };

    input.addEventListener('change', () => choose(input.files[0]));
    drop.addEventListener('dragover', (event) => {
      event.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      drop.classList.remove('over');
      choose(event.dataTransfer.files[0]);
    });

    upload.addEventListener('click', async () => {
      if (!chosen) return;
      upload.disabled = true;
      progress.hidden = false;
      progress.value = 0;
      say(`Uploading your ${label}…`, true);
      try {
        const { status, body } = await uploadWithProgress(kind, chosen, (percent) => {
          progress.value = percent;
        });
        if (status < 200 || status > 299) {
          say(serverMessage(body, status));
          upload.disabled = false;
          return;
        }
        progress.value = 100;
        say(body.message || `Your ${label} is uploaded.`, true);
        preview.hidden = true;
        chosen = null;
        input.value = '';
        await refresh();
      } catch (error) {
        say(error.message);
        upload.disabled = false;
      }
    });

    remove.addEventListener('click', async () => {
      if (!window.confirm(`Delete your ${label}? This cannot be undone.`)) return;
      try {
        const result = await service[kinds[kind].remove]();
        if (result.error) {
          say(result.error);
          return;
        }
        say(result.message, true);
        progress.hidden = true;
        await refresh();
      } catch (error) {
        say(error.message);
      }
    });
  }

  for (const kind of Object.keys(kinds)) setUpChooser(kind);
  byId('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    start(byId('token').value.trim());
  });
  const token = fragment.get('token');
  if (token) {
    byId('token').value = token;
    // Out of the address bar and the history.
    fragment.delete('token');
    history.replaceState(null, '', `${location.pathname}${location.search}${fragment.toString() ? `#${fragment}` : ''}`);
    start(token);
  }
})();
