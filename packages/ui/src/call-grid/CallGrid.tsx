import { Children, type HTMLAttributes, isValidElement, type ReactNode } from 'react';
import { cx } from '../classes.js';
import { type LabelOverrides, useLabels } from '../labels.js';

/** Where the local picture-in-picture tile sits. */
export type PipPosition = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/** Props of {@link CallGrid}. */
export interface CallGridProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** The remote participants' tiles (1–4; usually {@link ParticipantTile}s with a `key`). */
  children?: ReactNode;
  /**
   * The local user's tile, shown as a small picture-in-picture over the grid. With no remote tiles it
   * fills the grid instead (e.g. the camera preview while calling).
   */
  local?: ReactNode;
  /** Corner of the picture-in-picture tile. Default `bottom-right`. */
  pipPosition?: PipPosition;
  /** Label overrides (the grid's accessible name). */
  labels?: LabelOverrides;
}

/**
 * Lays out 1–4 remote tiles responsively: one fills the stage, two sit side by side (stacked when the
 * stage is taller than wide), three and four form a 2×2 grid (the third centred). It sizes against its
 * own box (CSS container queries), so it adapts to any container, not just the viewport.
 */
export function CallGrid({
  children,
  local,
  pipPosition = 'bottom-right',
  labels: overrides,
  className,
  ...rest
}: CallGridProps) {
  const labels = useLabels(overrides);
  const tiles = Children.toArray(children).filter(isValidElement);
  const count = tiles.length;
  const soloLocal = count === 0 && local;
  return (
    <section
      aria-label={labels.participants}
      className={cx('meshcall', 'meshcall-grid', className)}
      data-count={soloLocal ? 1 : Math.min(count, 4)}
      {...rest}
    >
      <div className="meshcall-grid__tiles">
        {soloLocal ? <div className="meshcall-grid__cell">{local}</div> : null}
        {tiles.map((tile) => (
          <div key={tile.key ?? undefined} className="meshcall-grid__cell">
            {tile}
          </div>
        ))}
      </div>
      {local && !soloLocal && (
        <div className={cx('meshcall-grid__pip', `meshcall-grid__pip--${pipPosition}`)}>{local}</div>
      )}
    </section>
  );
}
