import { Component, lazy, Suspense, type ComponentType, type JSX, type LazyExoticComponent, type ReactNode } from 'react';

const loaders: Array<() => Promise<unknown>> = [];

/**
 * A part of the UI loaded on first use (its own chunk, off the start-up
 * path): `lazyPart(() => import('./X'), (m) => m.X)`. Rendered inside its own
 * Suspense boundary, drawing nothing until it has arrived. A chunk that
 * cannot be fetched (the host went away) leaves a one-line note with Retry
 * in its place, never a blank app.
 */
export function lazyPart<M, P extends object>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>): (props: P) => JSX.Element {
  let loading: Promise<M> | undefined;
  /** Set once the chunk has arrived: from then on the part renders at once, with no Suspense round trip. */
  let loaded: ComponentType<P> | undefined;
  const once = () => {
    loading ??= load().then(
      (module) => {
        loaded = pick(module);
        return module;
      },
      (error: unknown) => {
        loading = undefined; // the next attempt fetches again
        throw error;
      },
    );
    return loading;
  };
  loaders.push(once);
  const fresh = () =>
    lazy(() => {
      const component = loaded;
      // Already here (preloaded when the app was idle): a thenable that answers at once lets React render it
      // without a Suspense round trip, so a key pressed to open a dialog lands in it, not in a gap.
      if (component) return { then: (resolve: (module: { default: ComponentType<P> }) => void) => resolve({ default: component }) } as Promise<{ default: ComponentType<P> }>;
      return once().then((module) => ({ default: pick(module) }));
    });
  let Lazy: LazyExoticComponent<ComponentType<P>> = fresh();
  const retry = () => {
    Lazy = fresh();
  };
  return function LazyPart(props: P) {
    return (
      <LoadBoundary onRetry={retry}>
        <Suspense fallback={null}>
          <Lazy {...props} />
        </Suspense>
      </LoadBoundary>
    );
  };
}

class LoadBoundary extends Component<{ onRetry(): void; children: ReactNode }, { failed: string | null }> {
  override state = { failed: null as string | null };
  static getDerivedStateFromError(error: unknown) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }
  override render() {
    if (this.state.failed === null) return this.props.children;
    return (
      <p className="load-failed" role="alert">
        This part of Firebreak could not load ({this.state.failed}).{' '}
        <button
          type="button"
          className="button small"
          onClick={() => {
            this.props.onRetry();
            this.setState({ failed: null });
          }}
        >
          Retry
        </button>
      </p>
    );
  }
}

/** Fetches every lazy part once the app is idle, so a key pressed later never waits for the network. */
export function preloadLazyParts(): void {
  const idle = (callback: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(callback, { timeout: 2000 }) : setTimeout(callback, 300));
  idle(() => {
    for (const load of loaders) void load().catch(() => {});
  });
}
