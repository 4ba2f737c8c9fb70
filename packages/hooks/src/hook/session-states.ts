/**
 * The states of one hook's sessions, by session id ('' for a context made without one). A state
 * whose MLflow set-up is still under way (the experiment lookup runs while the session loads its
 * pipelines) is pending until the session's run takes it; one that no run takes is released.
 */
import { releaseState, type SessionState } from './session-state.js';

export class SessionStates {
  readonly #ready = new Map<string, SessionState>();
  readonly #pending = new Map<string, Promise<SessionState>>();

  /** The ready state of a session (or of the context made without a session id). */
  of(sessionId: string): SessionState | undefined {
    return this.#ready.get(sessionId) ?? this.#ready.get('');
  }

  get(sessionId: string): SessionState | undefined {
    return this.#ready.get(sessionId);
  }

  values(): IterableIterator<SessionState> {
    return this.#ready.values();
  }

  delete(sessionId: string): void {
    this.#ready.delete(sessionId);
  }

  /** Makes `state` the session's, releasing the one it replaces. */
  async keep(key: string, state: SessionState): Promise<void> {
    this.drop(key);
    const previous = this.#ready.get(key);
    this.#ready.set(key, state);
    if (previous !== undefined && previous !== state) await releaseState(previous).catch(() => undefined);
  }

  /** A set-up under way; its failure is seen by `settle` (and never left unhandled). */
  start(key: string, pending: Promise<SessionState>): void {
    this.drop(key);
    pending.catch(() => undefined);
    this.#pending.set(key, pending);
  }

  /** Waits for the session's set-up under way, if any, and keeps it; throws what the set-up threw. */
  async settle(sessionId: string): Promise<void> {
    const key = this.#pending.has(sessionId) ? sessionId : this.#pending.has('') ? '' : undefined;
    if (key === undefined) return;
    const pending = this.#pending.get(key)!;
    this.#pending.delete(key);
    await this.keep(key, await pending);
  }

  /** A set-up no run will use: released once it is ready. */
  drop(key: string): void {
    const pending = this.#pending.get(key);
    if (pending === undefined) return;
    this.#pending.delete(key);
    void pending.then((state) => releaseState(state)).catch(() => undefined);
  }
}
