import { useRef } from 'react';
import { PANE_LIMITS, type Pane } from './layout-prefs';
import { useLayoutStore } from './layout-store';

interface SplitterProps {
  pane: Pane;
  label: string;
  /** Which way dragging grows the pane: right or down is +1, left or up is -1. */
  direction: 1 | -1;
}

/** Keys move a splitter by this much; with Shift, by four times as much. */
const KEY_STEP_PX = 16;

/**
 * A draggable, keyboard-operable divider between two panes (an ARIA
 * window splitter). Dragging resizes live; the size is remembered on release.
 */
export function Splitter({ pane, label, direction }: SplitterProps) {
  const size = useLayoutStore((state) => state.sizes[pane]);
  const resize = useLayoutStore((state) => state.resizePane);
  const drag = useRef<{ start: number; size: number; pointerId: number } | null>(null);
  const vertical = pane !== 'terminal';
  const position = (event: { clientX: number; clientY: number }) => (vertical ? event.clientX : event.clientY);
  return (
    <div
      className={`splitter ${vertical ? 'splitter-vertical' : 'splitter-horizontal'}`}
      role="separator"
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-label={label}
      aria-valuenow={size}
      aria-valuemin={PANE_LIMITS[pane].min}
      aria-valuemax={PANE_LIMITS[pane].max}
      tabIndex={0}
      data-testid={`splitter-${pane}`}
      title={`${label} (drag, or arrow keys)`}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { start: position(event), size, pointerId: event.pointerId };
      }}
      onPointerMove={(event) => {
        const current = drag.current;
        if (!current || current.pointerId !== event.pointerId) return;
        resize(pane, current.size + direction * (position(event) - current.start), false);
      }}
      onPointerUp={(event) => {
        const current = drag.current;
        if (!current || current.pointerId !== event.pointerId) return;
        drag.current = null;
        resize(pane, current.size + direction * (position(event) - current.start), true);
      }}
      onPointerCancel={() => {
        drag.current = null;
      }}
      onKeyDown={(event) => {
        const grow: Record<string, number> = vertical ? { ArrowRight: 1, ArrowLeft: -1 } : { ArrowDown: 1, ArrowUp: -1 };
        const sign = grow[event.key];
        if (sign === undefined) return;
        event.preventDefault();
        event.stopPropagation();
        resize(pane, size + sign * direction * KEY_STEP_PX * (event.shiftKey ? 4 : 1), true);
      }}
    />
  );
}
