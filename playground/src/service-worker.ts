// Offline: the first visit caches every file of the site (the list is written at build time),
// and later visits are answered from the cache first, so the playground works with no network.
// Only this site's own files are ever fetched; there is nothing else to fetch.
declare const PLAYGROUND_FILES: string[];
declare const PLAYGROUND_VERSION: string;

/** The parts of the service worker's scope used here (the DOM library does not declare them). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
const sw = self as unknown as ServiceWorkerScope;
const CACHE = `penglaic-playground-${PLAYGROUND_VERSION}`;

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PLAYGROUND_FILES)).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('penglaic-playground-') && k !== CACHE).map((k) => caches.delete(k)))).then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== sw.location.origin) return;
  // The page's address with a fragment or query is still the page.
  const key = url.pathname.endsWith('/') ? new Request(new URL('index.html', url)) : event.request;
  event.respondWith(caches.match(key, { ignoreSearch: true }).then((hit) => hit ?? fetch(event.request)));
});
