/** A store call after it settled: which repo and method, its arguments, its result or error, and how long it took. */
export type StoreCall = { repo: string; method: string; args: unknown[]; result?: unknown; error?: unknown; seconds: number };

/** Which calls to report (by repo and method name). */
export type StoreCallFilter = (repo: string, method: string) => boolean;

type Method = (...args: unknown[]) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function observeRepo<T extends object>(repo: string, target: T, watch: StoreCallFilter, observe: (call: StoreCall) => void): T {
  // Per method: the function last seen and what to hand out for it (itself when not watched), so hot reads cost a lookup.
  const handed = new Map<string, { fn: Method; out: Method }>();
  const wrap = (method: string, fn: Method): Method => {
    return (...args) => {
      const started = performance.now();
      const report = (outcome: { result?: unknown; error?: unknown }) =>
        observe({ repo, method, args, ...outcome, seconds: (performance.now() - started) / 1000 });
      let result: unknown;
      try {
        result = fn.apply(target, args);
      } catch (error) {
        report({ error });
        throw error;
      }
      if (!isThenable(result)) {
        report({ result });
        return result;
      }
      return Promise.resolve(result).then(
        (value) => {
          report({ result: value });
          return value;
        },
        (error: unknown) => {
          report({ error });
          throw error;
        },
      );
    };
  };
  return new Proxy(target, {
    get(t, key) {
      const value: unknown = Reflect.get(t, key);
      if (typeof key !== 'string' || typeof value !== 'function') return value;
      const cached = handed.get(key);
      if (cached?.fn === value) return cached.out;
      const fn = value as Method;
      const out = watch(repo, key) ? wrap(key, fn) : fn;
      handed.set(key, { fn, out });
      return out;
    },
  });
}

/**
 * The same store, reporting the calls `watch` selects to `observe` once they settle (metrics); it changes no result.
 * Calls on the store itself (`transaction`) are reported under the repo name `store`.
 */
export function observeStore<S extends object>(store: S, watch: StoreCallFilter, observe: (call: StoreCall) => void): S {
  const repos = new Map<string, object>();
  const own = observeRepo('store', store, watch, observe);
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value === 'function') return Reflect.get(own, key);
      if (typeof key !== 'string' || typeof value !== 'object' || value === null) return value;
      let repo = repos.get(key);
      if (!repo) {
        repo = observeRepo(key, value, watch, observe);
        repos.set(key, repo);
      }
      return repo;
    },
  });
}
