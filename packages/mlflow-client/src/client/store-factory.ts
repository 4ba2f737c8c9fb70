/** Makes the store for a tracking or registry URI: `http(s)://` → `RestStore`, `file:`/path → `FileStore`. */
import type { HttpTransport } from '../rest/http-transport.js';
import { RestStore } from '../rest/rest-store.js';
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
