/**
 * A small pluggy: hook implementations are plain objects whose methods carry hook names
 * (`beforeNodeRun`, …). Each takes ONE argument object, so an implementation destructures only what
 * it needs (kedro's "accept any subset of the arguments, by name").
 *
 * Call order is kedro's: last registered runs first (LIFO), so plugin hooks registered after the
 * project's run before them. A call awaits each implementation in turn and returns the list of
 * results that are not `undefined`.
 */
export type HookImplementation = object;

type AnyHook = (args: unknown) => unknown;

export class HookManager<Specs extends object = Record<string, unknown>> {
  private readonly plugins: Array<{ impl: HookImplementation; name: string }> = [];
  /** hook name → implementations in call order (LIFO); rebuilt on (un)registration. */
  private callers = new Map<string, Array<{ impl: HookImplementation; fn: AnyHook }>>();

  /**
   * Registers an instance. Registering the same instance again is a no-op. A class (instead of an
   * instance) is refused, as kedro does, because its methods would be called without `this`.
   */
  register(impl: HookImplementation, name?: string): void {
    if (typeof impl === 'function') {
      throw new TypeError(
        `Hooks must be registered as instances, got the class '${(impl as { name?: string }).name ?? 'anonymous'}'. Have you forgotten \`new\` when registering a hook class?`,
      );
    }
    if (impl === null || typeof impl !== 'object') {
      throw new TypeError(`Hooks must be objects with hook methods, got ${impl === null ? 'null' : typeof impl}.`);
    }
    if (this.isRegistered(impl)) return;
    this.plugins.push({ impl, name: name ?? impl.constructor?.name ?? 'hooks' });
    this.rebuild();
  }

  unregister(impl: HookImplementation): void {
    const index = this.plugins.findIndex((p) => p.impl === impl);
    if (index >= 0) {
      this.plugins.splice(index, 1);
      this.rebuild();
    }
  }

  isRegistered(impl: HookImplementation): boolean {
    return this.plugins.some((p) => p.impl === impl);
  }

  /** Registered implementations with their names, in registration order. */
  getPlugins(): Array<{ impl: HookImplementation; name: string }> {
    return this.plugins.map((p) => ({ ...p }));
  }

  /** True when at least one implementation listens to `hook` (lets callers skip building arguments). */
  has<K extends keyof Specs & string>(hook: K): boolean {
    return (this.callers.get(hook)?.length ?? 0) > 0;
  }

  /** Calls every implementation of `hook`, last registered first; returns their non-undefined results. */
  async call<K extends keyof Specs & string>(hook: K, args: Specs[K]): Promise<unknown[]> {
    const callers = this.callers.get(hook);
    if (callers === undefined) return [];
    const results: unknown[] = [];
    for (const { impl, fn } of callers) {
      const result = await fn.call(impl, args);
      if (result !== undefined) results.push(result);
    }
    return results;
  }

  /**
   * Runs `inner` wrapped by every implementation of `hook` (the first in call order is outermost).
   * Each receives `{...args, proceed}` and must call `proceed()` (later calls return the same promise);
   * `inner`'s result is returned, whatever the wrappers return. A wrapper that returns without calling
   * `proceed()` is an error, because the work it wraps would silently not run.
   */
  async wrap<K extends keyof Specs & string, T>(
    hook: K,
    args: Omit<Specs[K], 'proceed'>,
    inner: () => Promise<T>,
  ): Promise<T> {
    const callers = this.callers.get(hook) ?? [];
    const step = async (index: number): Promise<T> => {
      const caller = callers[index];
      if (caller === undefined) return inner();
      let proceeding: Promise<T> | undefined;
      const proceed = (): Promise<T> => (proceeding ??= step(index + 1));
      await caller.fn.call(caller.impl, { ...args, proceed });
      if (proceeding === undefined) {
        const name = this.plugins.find((p) => p.impl === caller.impl)?.name ?? 'hooks';
        throw new TypeError(`The '${hook}' hook of '${name}' returned without calling proceed(): it must call and await proceed() once.`);
      }
      return proceeding;
    };
    return step(0);
  }

  private rebuild(): void {
    const callers = new Map<string, Array<{ impl: HookImplementation; fn: AnyHook }>>();
    for (let i = this.plugins.length - 1; i >= 0; i -= 1) {
      const { impl } = this.plugins[i]!;
      for (const hookName of methodNames(impl)) {
        const fn = (impl as Record<string, unknown>)[hookName];
        if (typeof fn !== 'function') continue;
        const list = callers.get(hookName) ?? [];
        list.push({ impl, fn: fn as AnyHook });
        callers.set(hookName, list);
      }
    }
    this.callers = callers;
  }
}

/** Own and inherited method names of an instance (class methods live on the prototype chain). */
function methodNames(impl: object): Set<string> {
  const names = new Set<string>();
  for (let obj: object | null = impl; obj !== null && obj !== Object.prototype; obj = Object.getPrototypeOf(obj) as object | null) {
    for (const key of Object.getOwnPropertyNames(obj)) if (key !== 'constructor') names.add(key);
  }
  return names;
}
