/*
 * gnlens service worker: offline once loaded (issue "For everyone"). A plain file (not bundled),
 * registered from src/main.tsx in production builds only. It never contacts another origin.
 *
 * - hashed build assets (/assets/*: scripts, styles, workers, wasm) and data (/data/*.bin):
 *   cache first (a hashed name never changes content; the data files change only with a release,
 *   and a new release changes CACHE below);
 * - the page itself (navigations) and anything else of ours: network first, the cache when
 *   offline;
 * - the page posts the URLs it loaded before this worker took control ({type: 'cache-urls'}),
 *   so the first visit is cached too.
 */
const CACHE = 'gnlens-v2';
const SHELL = ['/', '/index.html', '/favicon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

// ignoreVary: servers (vite preview among them) answer with `Vary: Origin`, and a module script
// is requested with an Origin header the cached copy was not: without it every lookup misses.
function cacheFirst(request) {
  return caches.match(request, { ignoreVary: true }).then(
    (hit) =>
      hit ||
      fetch(request).then((response) => {
        if (response.ok && response.status === 200) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      }),
  );
}

function networkFirst(request, fallback) {
  return fetch(request)
    .then((response) => {
      if (response.ok && response.status === 200) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    })
    .catch(() =>
      caches
        .match(request, { ignoreSearch: request.mode === 'navigate', ignoreVary: true })
        .then((hit) => hit || (fallback ? caches.match(fallback, { ignoreVary: true }) : undefined))
        .then((hit) => hit || Response.error()),
    );
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !sameOrigin(request.url)) return;
  if (request.headers.has('range')) return;
  const path = new URL(request.url).pathname;
  if (path.startsWith('/assets/') || path.startsWith('/data/')) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, '/index.html'));
  } else {
    event.respondWith(networkFirst(request, null));
  }
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'cache-urls' || !Array.isArray(data.urls)) return;
  const urls = data.urls
    .filter((u) => typeof u === 'string' && sameOrigin(u))
    .map((u) => new URL(u, self.location.href))
    .filter((u) => u.pathname.startsWith('/assets/') || u.pathname.startsWith('/data/'))
    .map((u) => u.pathname);
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
