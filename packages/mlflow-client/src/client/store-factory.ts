/**
 * Makes the store for a tracking or registry URI: `http(s)://` → `RestStore` on the caller's
 * transport (which the caller closes), `file:`/path → `FileStore`.
 */
import type { HttpTransport } from '../store/rest/http-transport.js';
import { RestStore } from '../store/rest/rest-store.js';
import { FileStore } from '../store/file/file-store.js';
import type { RegistryStore } from '../store/registry-store.js';
import type { TrackingStore } from '../store/tracking-store.js';
import { classifyStoreUri } from '../uri/tracking-uri.js';

export type Store = TrackingStore & RegistryStore;

export function storeFor(uri: string, transport: HttpTransport, what: 'tracking' | 'registry' = 'tracking'): Store {
  const location = classifyStoreUri(uri, what);
  if (location.kind === 'http') return new RestStore(location.uri, transport);
  const store: Store = new FileStore(location.uri);
  return store;
}
