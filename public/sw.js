/*
 * gnlens service worker: offline once loaded (issue "For everyone"). A plain file (not bundled),
 * registered from src/main.tsx in production builds only, relative to the page: the site works
 * from any sub-path of any static server (README, "Deploy"), and this worker's scope is the
 * page's folder (`https://host/~lecturer/gnlens/`). Every path below is relative to that scope.
 * It never contacts another origin, and leaves requests outside its scope alone.
 *
 * - hashed build assets (assets/*: scripts, styles, workers, wasm) and data (data/*.bin):
 *   cache first (a hashed name never changes content; the data files change only with a release,
 *   and a new release changes VERSION below);
 * - the page itself (navigations) and anything else of ours: network first, the cache when
 *   offline;
 * - the page posts the URLs it loaded before this worker took control ({type: 'cache-urls'}),
 *   so the first visit is cached too.
 *
 * Every answer goes through respond(request), so a step that changes responses (headers, say)
 * wraps that one function.
 */
const VERSION = 'gnlens-v3';
const SCOPE = self.registration.scope;
// One cache per deployment: two copies of the site on one origin (two lecturers' folders) share
// the origin's cache storage and must not delete each other's caches.
const CACHE = `${VERSION} ${SCOPE}`;
/** Caches of earlier versions written before caches were per deployment (the site at the root). */
const LEGACY = ['gnlens-v1', 'gnlens-v2'];
const SHELL = ['./', './index.html'].map((path) => new URL(path, SCOPE).href);
const INDEX = new URL('./index.html', SCOPE).href;

/** The URL's path inside the scope (`assets/main-1a2b.js`), or null outside it. */
function scopedPath(url) {
  const href = new URL(url, SCOPE).href;
  return href.startsWith(SCOPE) ? href.slice(SCOPE.length).split(/[?#]/)[0] : null;
}

/** Hashed build output and the shipped data: never changes under the same name. */
function isImmutable(path) {
  return path.startsWith('assets/') || path.startsWith('data/');
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

function isOutdated(key) {
  if (key === CACHE) return false;
  if (LEGACY.includes(key)) return new URL(SCOPE).pathname === '/';
  return key.startsWith('gnlens-') && key.endsWith(` ${SCOPE}`);
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter(isOutdated).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function keep(request, response) {
  if (response.ok && response.status === 200) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

// ignoreVary: servers (vite preview among them) answer with `Vary: Origin`, and a module script
// is requested with an Origin header the cached copy was not: without it every lookup misses.
function lookUp(request, options = {}) {
  return caches.open(CACHE).then((cache) => cache.match(request, { ignoreVary: true, ...options }));
}

function cacheFirst(request) {
  return lookUp(request).then((hit) => hit || fetch(request).then((r) => keep(request, r)));
}

function networkFirst(request, fallback) {
  return fetch(request)
    .then((response) => keep(request, response))
    .catch(() =>
      lookUp(request, { ignoreSearch: request.mode === 'navigate' })
        .then((hit) => hit || (fallback ? lookUp(fallback) : undefined))
        .then((hit) => hit || Response.error()),
    );
}

/** The answer to a request of ours inside the scope. */
function respond(request) {
  const path = scopedPath(request.url);
  if (isImmutable(path)) return cacheFirst(request);
  return networkFirst(request, request.mode === 'navigate' ? INDEX : null);
}

// Cross-origin isolation where the server cannot send it (issue "Scale"; README "Deploy"): the
// site's own answers get COOP/COEP (and CORP), so from the next load on, once this worker
// controls the page, the eigen kernel may share memory between threads (workers/eigenThreads.ts).
// Everything the page loads is its own, so nothing else changes. Headers a server already sends
// are kept as they are.
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function isolated(response) {
  // opaque and error responses have no headers to add (and must stay as they are)
  if (!response || response.type === 'opaque' || response.type === 'error' || response.status === 0)
    return response;
  const headers = new Headers(response.headers);
  let changed = false;
  for (const [name, value] of Object.entries(ISOLATION)) {
    if (!headers.has(name)) {
      headers.set(name, value);
      changed = true;
    }
  }
  if (!changed) return response;
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  if (scopedPath(request.url) === null) return;
  event.respondWith(respond(request).then(isolated));
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'cache-urls' || !Array.isArray(data.urls)) return;
  const urls = data.urls
    .filter((u) => typeof u === 'string')
    .filter((u) => {
      const path = scopedPath(u);
      return path !== null && isImmutable(path);
    })
    .map((u) => new URL(u, SCOPE).href.split('#')[0]);
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        Promise.all(
          urls.map((u) =>
            cache
              .match(u, { ignoreVary: true })
              .then((hit) => (hit ? undefined : cache.add(u).catch(() => undefined))),
          ),
        ),
      ),
  );
});
