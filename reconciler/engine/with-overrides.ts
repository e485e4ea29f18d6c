// An Automation API object with some of its methods replaced, everything else its own: the
// library calls its methods on `this`, so a replaced method is what its other methods call too.
export function withOverrides<T extends object>(target: T, overrides: { [K in keyof T]?: T[K] }): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      return Reflect.get(object, property, receiver) as unknown;
    },
  });
}
