import { forwardRef, type HTMLAttributes, type ReactNode, useEffect, useRef } from 'react';
import { cx } from '../classes.js';

/** Props of {@link CallLayout}. */
export interface CallLayoutProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'title'> {
  /** The stage: usually a {@link CallGrid}, or a status screen. */
  children: ReactNode;
  /** Shown in the top bar (e.g. names and the call timer). */
  header?: ReactNode | undefined;
  /** The control bar (usually {@link CallControls}), floating at the bottom of the stage. */
  controls?: ReactNode | undefined;
  /**
   * Covers the stage (e.g. {@link ReconnectingScreen}); controls stay usable above it. What it covers is
   * `inert` meanwhile: out of the Tab order and hidden from screen readers, as it is from sight and pointer.
   */
  overlay?: ReactNode | undefined;
}

/**
 * The frame of a call: a dark rounded stage that fills its container, an optional header, the control
 * bar at the bottom and an optional overlay. Give the container a height (e.g. `100dvh`). A `ref` reaches the
 * root element (on React 18 too, hence `forwardRef`).
 */
export const CallLayout = /* @__PURE__ */ forwardRef<HTMLDivElement, CallLayoutProps>(function CallLayout(
  { children, header, controls, overlay, className, ...rest },
  ref,
) {
  const covered = Boolean(overlay);
  const scene = useRef<HTMLDivElement>(null);
  // A property, not a prop: React 18 and 19 spell the `inert` attribute differently.
  useEffect(() => {
    if (scene.current) scene.current.inert = covered;
  }, [covered]);
  return (
    <div ref={ref} className={cx('meshcall', 'meshcall-layout', className)} {...rest}>
      {header && <div className="meshcall-layout__header">{header}</div>}
      <div className="meshcall-layout__stage">
        <div ref={scene} className="meshcall-layout__scene">
          {children}
        </div>
        {overlay && <div className="meshcall-layout__overlay">{overlay}</div>}
      </div>
      {controls && <div className="meshcall-layout__controls">{controls}</div>}
    </div>
  );
});
