import { lazy, Suspense, type ComponentType, type JSX } from 'react';

const loaders: Array<() => Promise<unknown>> = [];

/**
 * A part of the UI loaded on first use (its own chunk, off the start-up
 * path): `lazyPart(() => import('./X'), (m) => m.X)`. Rendered inside its own
 * Suspense boundary, drawing nothing until it has arrived.
 */
export function lazyPart<M, P extends object>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>): (props: P) => JSX.Element {
  let loading: Promise<M> | undefined;
  const once = () => (loading ??= load());
  loaders.push(once);
  const Lazy = lazy(() => once().then((module) => ({ default: pick(module) })));
  return function LazyPart(props: P) {
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

/** Fetches every lazy part once the app is idle, so a key pressed later never waits for the network. */
export function preloadLazyParts(): void {
  const idle = (callback: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(callback, { timeout: 2000 }) : setTimeout(callback, 300));
  idle(() => {
    for (const load of loaders) void load().catch(() => {});
  });
}
