import { lazy, Suspense, type ComponentType, type ReactElement } from 'react';
import type { RaRecord, ResourceProps } from 'react-admin';
import { PageLoading } from './components/PageLoading';

type ResourceDef = Omit<ResourceProps, 'name'>;
type View = 'list' | 'create' | 'edit' | 'show';

/** What the menu and the routes need before the resource's code is loaded (kept in step with its index.ts). */
export interface LazyResourceMeta {
  views: readonly View[];
  icon?: ResourceProps['icon'];
  options?: ResourceProps['options'];
  children?: ReactElement;
}

const loaders: Array<() => Promise<unknown>> = [];

/**
 * A resource whose screens are split into their own chunk, loaded when first shown (React.lazy): the first screen
 * only downloads the shell. Its menu entry (icon, label) and its routes (`views`) are known at once; the record
 * representation comes from the module once loaded. `preloadResources()` fetches them all when the browser is idle.
 */
export function lazyResource(load: () => Promise<{ default: ResourceDef }>, meta: LazyResourceMeta): ResourceDef {
  let loaded: ResourceDef | undefined;
  let pending: Promise<ResourceDef> | undefined;
  const get = () =>
    (pending ??= load().then((m) => {
      loaded = m.default;
      if (import.meta.env.DEV) {
        const actual = (['list', 'create', 'edit', 'show'] as const).filter((v) => loaded?.[v]);
        if (actual.join() !== [...meta.views].sort((a, b) => actual.indexOf(a) - actual.indexOf(b)).join())
          console.error(`lazyResource : les vues déclarées (${meta.views.join()}) diffèrent de celles du module (${actual.join()}).`);
      }
      return m.default;
    }));
  loaders.push(get);
  const view = (v: View): ComponentType => {
    const Lazy = lazy(() => get().then((d) => ({ default: (d[v] ?? (() => null)) as ComponentType })));
    const Wrapped = () => (
      <Suspense fallback={<PageLoading />}>
        <Lazy />
      </Suspense>
    );
    Wrapped.displayName = `Lazy(${v})`;
    return Wrapped;
  };
  const def: ResourceDef = {
    icon: meta.icon,
    options: meta.options,
    children: meta.children,
    recordRepresentation: (record: RaRecord) => {
      const rep = loaded?.recordRepresentation;
      if (typeof rep === 'function') return rep(record);
      if (typeof rep === 'string') return String(record[rep] ?? record.id);
      return String(record.id);
    },
  };
  for (const v of meta.views) def[v] = view(v);
  return def;
}

/** Loads every lazy resource's chunk in the background, once the first screen is up. */
export function preloadResources(): void {
  const run = () => loaders.forEach((l) => void l().catch(() => undefined));
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 3000 });
  else setTimeout(run, 1500);
}

/** A page component split into its own chunk. */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function lazyPage(load: () => Promise<{ default: ComponentType<any> }>): ComponentType<any> {
  const Lazy = lazy(load);
  const Wrapped = (props: Record<string, unknown>) => (
    <Suspense fallback={<PageLoading />}>
      <Lazy {...props} />
    </Suspense>
  );
  return Wrapped;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
