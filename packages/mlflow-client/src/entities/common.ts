/** Shapes shared by several MLflow entities. Field names are camelCase; the wire uses snake_case. */

export type LifecycleStage = 'active' | 'deleted';

/** Which entities a search returns. */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface KeyValue {
  key: string;
  value: string;
}

/** One page of a search; pass `nextPageToken` back verbatim to get the next page. */
export interface PagedList<T> {
  items: T[];
  nextPageToken?: string;
}

export interface SearchOptions {
  /** MLflow's search filter, e.g. `metrics.acc > 0.9 AND params.model = 'lr'`. */
  filter?: string;
  maxResults?: number;
  /** e.g. `['metrics.acc DESC', 'attributes.start_time']` */
  orderBy?: string[];
  pageToken?: string;
}

/** A file or folder under an artifact root. `path` is relative to the root that was listed. */
export interface FileInfo {
  path: string;
  isDir: boolean;
  fileSize?: number;
}
