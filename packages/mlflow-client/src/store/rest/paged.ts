import type { PagedList } from '../../entities/common.js';
import { optStr } from './codec/wire.js';

/** A page of results; `next_page_token` is absent (or empty) on the last page. */
export function page<T>(items: T[], token: unknown): PagedList<T> {
  const nextPageToken = optStr(token);
  return nextPageToken === undefined ? { items } : { items, nextPageToken };
}
