// Modules that @pulumi/pulumi loads as the Automation API is imported, but that no reconciler
// command calls into: the npm dependency walker (@npmcli/arborist) and the TypeScript compiler,
// both there to serialize closures into inline programs' code. Loading them is about 0.4 s of CPU on
// every command's start (measured with --cpu-prof on `reconciler detect`). Each is handed out as a
// stand-in that loads the real module the first time anything is read from it, so code that does
// serialize a closure gets the real module, only later.
import Module from "node:module";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
interface Loader {
  _load: Load;
}

/** The modules deferred by the CLI. */
export const deferredModules = ["@npmcli/arborist", "typescript"] as const;

/**
 * Has `loader` (node:module itself by default) hand out a stand-in for each module named in `names`.
 * A stand-in says `__esModule: true` without loading, so TypeScript's import helpers keep it as it is.
 */
export function deferModules(names: readonly string[], loader: Loader = Module as unknown as Loader): void {
  const load = loader._load;
  const deferred = new Set(names);
  loader._load = function (this: unknown, request, parent, isMain) {
    if (!deferred.has(request)) return load.call(this, request, parent, isMain);
    let real: object | undefined;
    const get = (): object => (real ??= load.call(this, request, parent, isMain) as object);
    return new Proxy(
      {},
      {
        get: (_, key): unknown => (key === "__esModule" && real === undefined ? true : Reflect.get(get(), key)),
        has: (_, key) => Reflect.has(get(), key),
        ownKeys: () => Reflect.ownKeys(get()),
        getOwnPropertyDescriptor: (_, key) => {
          const descriptor = Reflect.getOwnPropertyDescriptor(get(), key);
          // A proxy may not report a property as non-configurable when its own target lacks it.
          return descriptor && { ...descriptor, configurable: true };
        },
      },
    );
  };
}
