import { HookManager } from '../../src/hooks/hook-manager.js';

type Specs = { beforeNodeRun: { node: string; inputs: Record<string, unknown> }; afterNodeRun: { node: string } };

describe('HookManager', () => {
  it('calls implementations last-registered-first and collects defined results', async () => {
    const calls: string[] = [];
    const manager = new HookManager<Specs>();
    manager.register({ beforeNodeRun: ({ node }: { node: string }) => void calls.push(`a:${node}`) });
    manager.register({ beforeNodeRun: async ({ node }: { node: string }) => { calls.push(`b:${node}`); return { x: 1 }; } });
    const results = await manager.call('beforeNodeRun', { node: 'n1', inputs: {} });
    expect(calls).toEqual(['b:n1', 'a:n1']);
    expect(results).toEqual([{ x: 1 }]);
  });

  it('finds methods on class instances and calls them with their own this', async () => {
    class Tracker {
      seen: string[] = [];
      afterNodeRun({ node }: { node: string }): void {
        this.seen.push(node);
      }
    }
    const tracker = new Tracker();
    const manager = new HookManager<Specs>();
    manager.register(tracker);
    manager.register(tracker);
    await manager.call('afterNodeRun', { node: 'n2' });
    expect(tracker.seen).toEqual(['n2']);
    expect(manager.getPlugins()).toHaveLength(1);
    expect(manager.has('afterNodeRun')).toBe(true);
    expect(manager.has('beforeNodeRun')).toBe(false);
  });

  it('refuses classes and non-objects with a message that says what to do', () => {
    class MyHooks {}
    const manager = new HookManager();
    expect(() => manager.register(MyHooks)).toThrow("Hooks must be registered as instances, got the class 'MyHooks'. Have you forgotten `new`");
    expect(() => manager.register(42 as unknown as object)).toThrow('Hooks must be objects with hook methods, got number.');
  });

  it('unregisters and propagates errors from hooks', async () => {
    const manager = new HookManager<Specs>();
    const failing = { afterNodeRun: () => { throw new Error('hook failed'); } };
    manager.register(failing);
    await expect(manager.call('afterNodeRun', { node: 'n' })).rejects.toThrow('hook failed');
    manager.unregister(failing);
    expect(manager.isRegistered(failing)).toBe(false);
    await expect(manager.call('afterNodeRun', { node: 'n' })).resolves.toEqual([]);
  });
});
