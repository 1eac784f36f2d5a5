import { Children, type HTMLAttributes, isValidElement, type ReactNode } from 'react';
import { cx } from '../classes.js';
import { type LabelOverrides, useLabels } from '../labels.js';

/** Where the local picture-in-picture tile sits. */
/**
 * A corner of the stage. `start` and `end` follow the writing direction (`bottom-end` is the bottom right in
 * English, the bottom left in Arabic or Hebrew); `left` and `right` are the same in every language.
 */
export type PipPosition =
  | 'top-start'
  | 'top-end'
  | 'bottom-start'
  | 'bottom-end'
  | 'top-left'
  | 'top-right'
  | 'bottom-left'
  | 'bottom-right';

/** Props of {@link CallGrid}. */
export interface CallGridProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** The remote participants' tiles (usually {@link ParticipantTile}s with a `key`). */
  children?: ReactNode | undefined;
  /**
   * The local user's tile. Facing one other person it is a small picture-in-picture over theirs, as in
   * every 1:1 call app; otherwise it takes a grid cell, so that it never covers anyone: alone (no remote
   * tiles yet) it fills the stage, with two remote tiles it sits centred under them, with three it fills the
   * fourth cell of the 2×2 grid, and with more it is one of the grid's tiles.
   */
  local?: ReactNode | undefined;
  /** Corner of the picture-in-picture tile. Default `bottom-end`: the bottom right, or left in right-to-left pages. */
  pipPosition?: PipPosition | undefined;
  /** Label overrides (the grid's accessible name). */
  labels?: LabelOverrides | undefined;
}

/**
 * Lays out the remote tiles and the local one responsively: one remote fills the stage; two sit side by side
 * with the local tile centred below them (a single column on very tall stages); three plus the local tile
 * form a 2×2 grid; four plus the local tile (a call beyond the default cap of four people) form rows of three
 * and two (two columns on tall stages), and more fill rows of three. It sizes against its own box (CSS
 * container queries), so it adapts to any container, not just the viewport.
 */
export function CallGrid({
  children,
  local,
  pipPosition = 'bottom-end',
  labels: overrides,
  className,
  ...rest
}: CallGridProps) {
  const labels = useLabels(overrides);
  const tiles = Children.toArray(children).filter(isValidElement);
  const count = tiles.length;
  const localInGrid = Boolean(local) && count !== 1;
  const cells = count + (localInGrid ? 1 : 0);
  return (
    <section
      aria-label={labels.participants}
      className={cx('meshcall', 'meshcall-grid', className)}
      data-count={Math.min(cells, 6)}
      {...rest}
    >
      <div className="meshcall-grid__tiles">
        {tiles.map((tile) => (
          <div key={tile.key ?? undefined} className="meshcall-grid__cell">
            {tile}
          </div>
        ))}
        {localInGrid && <div className="meshcall-grid__cell meshcall-grid__cell--local">{local}</div>}
      </div>
      {local && !localInGrid && (
        <div className={cx('meshcall-grid__pip', `meshcall-corner--${pipPosition}`)}>{local}</div>
      )}
    </section>
  );
}
