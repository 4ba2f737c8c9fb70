import { collectPluginHooks, ProjectError, registerPluginHooks, unregisterPluginHooks } from '@kedro-mlflow/core-pipeline';

describe('plugin hooks registered as a class or a factory', () => {
  afterEach(() => {
    unregisterPluginHooks('plugin-test');
  });

  function collected(): unknown {
    try {
      return collectPluginHooks();
    } catch (error) {
      return error;
    }
  }

  it('explains a class registered without `new`, before calling it', () => {
    let constructed = 0;
    class MyHooks {
      constructor() {
        constructed += 1;
      }
    }
    registerPluginHooks('plugin-test', MyHooks as unknown as () => object);
    const error = collected();
    expect(ProjectError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "Plugin 'plugin-test' registered the class 'MyHooks' as its hooks. KedroSession expects hooks to be registered as instances " +
        '(or a function returning them). Have you forgotten the `new` when registering a hook class?',
    );
    expect(constructed).toBe(0);
  });

  it('calls plain and arrow function factories', () => {
    const hooks = { afterContextCreated: (): void => undefined };
    registerPluginHooks('plugin-test', function makeHooks() {
      return hooks;
    });
    expect(collectPluginHooks().find((p) => p.name === 'plugin-test')?.hooks).toEqual([hooks]);
    registerPluginHooks('plugin-test', () => [hooks, hooks]);
    expect(collectPluginHooks().find((p) => p.name === 'plugin-test')?.hooks).toEqual([hooks, hooks]);
  });

  it('reports a failing factory as such, whatever its error says', () => {
    registerPluginHooks('plugin-test', () => {
      throw new TypeError('Class constructor Foo cannot be invoked without new');
    });
    const error = collected() as ProjectError;
    expect(error.message).toBe("The hooks factory of plugin 'plugin-test' failed: Class constructor Foo cannot be invoked without new");
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});
