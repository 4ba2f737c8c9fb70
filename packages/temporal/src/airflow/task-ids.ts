/**
 * Airflow ids. A task id or DAG id may hold only letters, digits, `_`, `.` and `-` (at most 250
 * characters); node names are free text (kedro's default is `fn([a,b]) -> [c]`), so each becomes
 * a readable id, unique within the DAG. The DAG file keeps the exact node name next to its id.
 */
const AIRFLOW_ID = /^[A-Za-z0-9_.-]+$/;
const UNSAFE_RUN = /[^A-Za-z0-9_.-]+/g;
/** Leaves room for a `_<n>` suffix under Airflow's 250-character limit. */
const MAX_BASE = 200;
export const MAX_AIRFLOW_ID = 250;

export function isAirflowId(value: string): boolean {
  return value.length <= MAX_AIRFLOW_ID && AIRFLOW_ID.test(value);
}

/** `fit([a,b]) -> [model]` → `fit_a_b_model`; `''` or only symbols → `fallback`. */
export function sanitizeAirflowId(value: string, fallback = 'node'): string {
  const base = value.replace(UNSAFE_RUN, '_').replace(/^[_.-]+|[_.-]+$/g, '').slice(0, MAX_BASE);
  return base === '' ? fallback : base;
}

/**
 * Task ids for `names`, in their order: each the sanitised name, with `_2`, `_3`, … added when an
 * earlier name took the id already (the order is the pipeline's topological one, so ids are stable).
 */
export function taskIdsFor(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = sanitizeAirflowId(name);
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}_${n}`;
    taken.add(id);
    return id;
  });
}
