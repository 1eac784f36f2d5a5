import { Children, type CSSProperties, type HTMLAttributes, isValidElement, type Key, type ReactNode } from 'react';
import { cx } from '../classes.js';
import { type LabelOverrides, useLabels } from '../labels.js';

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
  /**
   * The `key` of the remote tile to show large: someone presenting (`<VideoCall>` puts a shared screen there).
   * The other tiles, the local one included, line up in a strip beside it, or under it on tall stages. Nothing
   * changes facing one person (their tile fills the stage already) or when no tile has this key. Tiles keep
   * their elements when the spotlight moves: videos play on.
   */
  spotlight?: Key | null | undefined;
  /** Corner of the picture-in-picture tile. Default `bottom-end`: the bottom right, or left in right-to-left pages. */
  pipPosition?: PipPosition | undefined;
  /** Label overrides (the grid's accessible name). */
  labels?: LabelOverrides | undefined;
}

/**
 * Lays out the remote tiles and the local one responsively: one remote fills the stage; two sit side by side
 * with the local tile centred below them (a single column on very tall stages); three plus the local tile
 * form a 2×2 grid; four plus the local tile (a call beyond the default cap of four people) form rows of three
 * and two (two columns on tall stages), and more fill rows of three. With a `spotlight`, that tile takes most
 * of the stage and the others form a strip. It sizes against its own box (CSS container queries), so it adapts
 * to any container, not just the viewport.
 */
export function CallGrid({
  children,
  local,
  spotlight,
  pipPosition = 'bottom-end',
  labels: overrides,
  className,
  style,
  ...rest
}: CallGridProps) {
  const labels = useLabels(overrides);
  // `Children.map` keys the cells as React would the children (by slot when unkeyed, scoped per list); `spotlight`
  // names a tile by the key the app gave it, which that rewrites: read in the same single pass (children may be a
  // one-shot iterable, such as `map.values()`).
  const appKeys: Array<string | null> = [];
  const tiles =
    Children.map(children, (child) => {
      if (!isValidElement(child)) return null;
      appKeys.push(child.key);
      return child;
    }) ?? [];
  const count = tiles.length;
  const localInGrid = Boolean(local) && count !== 1;
  const cells = count + (localInGrid ? 1 : 0);
  const featured = count > 1 && spotlight != null ? appKeys.indexOf(String(spotlight)) : -1;
  return (
    <section
      aria-label={labels.participants}
      className={cx('meshcall', 'meshcall-grid', className)}
      data-count={Math.min(cells, 6)}
      data-layout={featured === -1 ? 'grid' : 'spotlight'}
      data-pip={local && !localInGrid ? pipPosition : undefined}
      // The strip's length, for the stylesheet (any number: `maxParticipants` goes up to 16).
      style={featured === -1 ? style : ({ ...style, '--meshcall-strip': cells - 1 } as CSSProperties)}
      {...rest}
    >
      <div className="meshcall-grid__tiles">
        {tiles.map((tile, index) => (
          <div
            key={tile.key}
            className={cx('meshcall-grid__cell', index === featured && 'meshcall-grid__cell--featured')}
          >
            {tile}
          </div>
        ))}
        {/* One element in both places (a cell, or the picture-in-picture over the stage): someone joining or
            leaving moves it without mounting one's own video again. */}
        {local && (
          <div
            className={
              localInGrid
                ? 'meshcall-grid__cell meshcall-grid__cell--local'
                : cx('meshcall-grid__pip', `meshcall-corner--${pipPosition}`)
            }
          >
            {local}
          </div>
        )}
      </div>
    </section>
  );
}
