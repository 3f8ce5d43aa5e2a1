// The upload page end to end and the spec's client across origins, in
// Debian's Chromium (one launch). Run by browser_test.sh, which starts the
// stack and passes everything in BROWSER_* variables. Every check throws on
// failure; the process exits non-zero on the first one.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env('BROWSER_BASE');
const originPort = Number(env('BROWSER_ORIGIN_PORT'));
const fixtures = env('BROWSER_FIXTURES');
const shots = env('BROWSER_SCREENSHOTS');
const fixture = (name) => join(fixtures, name);

function check(condition, what) {
  if (!condition) throw new Error(`FAIL: ${what}`);
  console.log(`ok: ${what}`);
}

function mediaFiles(dir = env('BROWSER_MEDIA')) {
  let count = 0;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    count += statSync(path).isDirectory() ? mediaFiles(path) : 1;
  }
  return count;
}

// ---- The second origin: a page that uses the spec's client -------------------
const crossPage = `<!doctype html><meta charset="utf-8"><title>Another origin</title>
<script src="/user-images-service.js"></script>
<script>
window.roundTrip = async (api, token, pngBase64) => {
  const service = new UserImagesService(token);
  service.baseUrl = api + '/api/resume/';
  try {
    const bytes = Uint8Array.from(atob(pngBase64), (c) => c.charCodeAt(0));
    const file = new File([bytes], 'cover.png', { type: 'image/png' });
    const uploaded = await service.uploadProfileImage(file);
    const current = await service.getCurrentImages();
    const deleted = await service.deleteProfileImage();
    const after = await service.getCurrentImages();
    return { uploaded, current, deleted, after };
  } catch (error) {
    return { blocked: String(error) };
  }
};
</script><p>A page on another origin.</p>`;
const server = createServer((request, response) => {
  if (request.url === '/user-images-service.js') {
    response.writeHead(200, { 'Content-Type': 'text/javascript' });
    response.end(readFileSync(env('BROWSER_CLIENT_JS')));
  } else {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(crossPage);
  }
});
await new Promise((resolve) => server.listen(originPort, '127.0.0.1', resolve));

const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  // Root may not use Chromium's sandbox; "unlisted.test" is this loopback
  // server under a name that is another origin.
  args: [
    ...(process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : []),
    '--host-resolver-rules=MAP unlisted.test 127.0.0.1',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
  ],
});
let failed = false;
try {
  await uploadPage();
  await crossOrigin();
} catch (error) {
  failed = true;
  console.error(error.stack || String(error));
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);

// ---- The upload page ------------------------------------------------------------
async function uploadPage() {
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
  page.on('dialog', (dialog) => dialog.accept());
  const section = (kind) => `section[data-kind="${kind}"]`;
  const ownIs = (kind, value) =>
    page.waitForFunction((s, v) => document.querySelector(s).dataset.own === v, { timeout: 15000 },
      section(kind), value);
  const shown = (kind) => page.$eval(`#${kind}-current`, (img) =>
    img.complete && img.naturalWidth > 0 ? img.getAttribute('src') : '');
  const waitShown = (kind, notSrc) => page.waitForFunction((id, old) => {
    const img = document.getElementById(id);
    return img.complete && img.naturalWidth > 0 && img.getAttribute('src') !== old;
  }, { timeout: 15000 }, `${kind}-current`, notSrc || '');
  const message = (kind) => page.$eval(`${section(kind)} .message`, (p) => p.textContent);

  await page.goto(`${base}/userimg-uploader/#token=${env('BROWSER_TOKEN')}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', { timeout: 15000 });
  check(!(await page.evaluate(() => location.hash.includes('token'))), 'the token leaves the address bar');
  await waitShown('profile_image');
  check((await shown('profile_image')).endsWith('default-profile.png'), 'no profile image yet: the default one is shown');
  check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'the page fits a 390px-wide phone screen');
  check(await page.$$eval('input, button', (controls) => controls.every((c) =>
    c.labels?.length || c.getAttribute('aria-label') || c.textContent.trim())), 'every control is labelled');
  check(await page.$$eval('img[src]', (images) => images.every((i) => i.alt)), 'every image has alt text');
  await page.screenshot({ path: join(shots, '1-no-images.png'), fullPage: true });

  // A JPEG through the file input: preview, progress to 100 %, the new image.
  const input = await page.$('#profile_image-file');
  await input.uploadFile(fixture('photo.jpg'));
  await page.waitForSelector(`${section('profile_image')} .preview:not([hidden])`);
  check(await page.$eval(`${section('profile_image')} .preview-img`, (i) => i.src.startsWith('blob:')),
    'a preview of the chosen file before upload');
  await page.screenshot({ path: join(shots, '2-preview.png'), fullPage: true });
  await page.focus(`${section('profile_image')} .upload`);
  await page.keyboard.press('Enter');
  await ownIs('profile_image', 'yes');
  check(await page.$eval(`${section('profile_image')} .progress`, (p) => p.value === 100 && !p.hidden),
    'the progress bar reaches 100 %');
  const first = await waitShown('profile_image').then(() => shown('profile_image'));
  check(first.includes('/media/'), `the uploaded profile image is shown (${first})`);
  check(await page.$$eval('#profile_image-variants img', (v) => v.length > 0 && v.every((i) => i.alt)),
    'its variants are shown, with alt text');

  // A cover PNG by drag and drop.
  const png = readFileSync(fixture('cover.png')).toString('base64');
  await page.$eval(`${section('cover_image')} .drop`, (drop, data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'cover.png', { type: 'image/png' }));
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, png);
  await page.waitForSelector(`${section('cover_image')} .upload:not([disabled])`);
  await page.click(`${section('cover_image')} .upload`);
  await ownIs('cover_image', 'yes');
  await waitShown('cover_image');
  check((await shown('cover_image')).includes('/media/'), 'the dropped cover PNG is uploaded and shown');
  await page.screenshot({ path: join(shots, '3-both-uploaded.png'), fullPage: true });

  // Replace the profile image.
  await input.uploadFile(fixture('photo2.jpg'));
  await page.click(`${section('profile_image')} .upload`);
  await waitShown('profile_image', first);
  check((await shown('profile_image')) !== first, 'replacing shows the new profile image');

  // Delete (confirmed): the default comes back.
  await page.click(`${section('profile_image')} .delete`);
  await ownIs('profile_image', 'no');
  await page.waitForFunction(() => {
    const img = document.getElementById('profile_image-current');
    return img.getAttribute('src').endsWith('default-profile.png') && img.complete && img.naturalWidth > 0;
  }, { timeout: 15000 });
  check((await shown('profile_image')).endsWith('default-profile.png'), 'after delete the default image is back');
  check((await message('profile_image')).includes('deleted'), 'the delete is confirmed in words');

  // Not images: the page's own check, then the server's own message.
  const before = mediaFiles();
  await input.uploadFile(fixture('notes.txt'));
  await page.waitForFunction((s) => document.querySelector(s).textContent.includes('not an image'), {},
    `${section('profile_image')} .message`);
  check(await page.$eval(`${section('profile_image')} .upload`, (b) => b.disabled),
    'a .txt file is refused before upload');
  await input.uploadFile(fixture('notes.jpg'));
  await page.waitForSelector(`${section('profile_image')} .upload:not([disabled])`);
  await page.click(`${section('profile_image')} .upload`);
  await page.waitForFunction((s) => !document.querySelector(s).classList.contains('ok'), { timeout: 15000 },
    `${section('profile_image')} .message`);
  const refused = await message('profile_image');
  const direct = await page.evaluate(async (token) => {
    const form = new FormData();
    form.append('profile_image', new File(['This is not an image.\n'], 'notes.jpg', { type: 'image/jpeg' }));
    const response = await fetch('/api/resume/user-images/', {
      method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    return (await response.json()).error;
  }, env('BROWSER_TOKEN'));
  check(refused === direct && refused.length > 0, `a text file shows the server's message: "${refused}"`);
  check(mediaFiles() <= before && (await page.$eval(section('profile_image'), (s) => s.dataset.own)) === 'no',
    'and nothing is stored');
  await page.screenshot({ path: join(shots, '4-server-refused.png'), fullPage: true });
  await page.close();
}

// ---- The spec's client from another origin ----------------------------------
async function crossOrigin() {
  const api = base;
  const token = env('BROWSER_TOKEN_CROSS');
  const png = readFileSync(fixture('cover.png')).toString('base64');
  const page = await browser.newPage();
  const attempt = async (origin) => {
    await page.goto(`${origin}/`);
    return page.evaluate((a, t, p) => window.roundTrip(a, t, p), api, token, png);
  };
  const listed = `http://127.0.0.1:${originPort}`;
  const works = await attempt(listed);
  check(!works.blocked, `the listed origin may call the API (${works.blocked || 'not blocked'})`);
  check(works.uploaded.profile_image?.includes('/media/'), 'upload from the listed origin');
  check(works.current.images.profile_image === works.uploaded.profile_image, 'get from the listed origin');
  check(works.deleted.message === 'Profile image deleted successfully', 'delete from the listed origin');
  check(works.after.images.profile_image !== works.uploaded.profile_image, 'the delete took effect');

  const unlisted = await attempt(`http://unlisted.test:${originPort}`);
  check(Boolean(unlisted.blocked), `an origin not on the list is blocked (${unlisted.blocked})`);

  execFileSync(env('BROWSER_CORS_TOGGLE'), ['off'], { stdio: 'inherit' });
  try {
    const off = await attempt(listed);
    check(Boolean(off.blocked), `without cors_origins the same page is blocked (${off.blocked})`);
  } finally {
    execFileSync(env('BROWSER_CORS_TOGGLE'), ['on'], { stdio: 'inherit' });
  }
  await page.close();
}
