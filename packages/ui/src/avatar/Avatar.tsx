import type { HTMLAttributes } from 'react';
import { cx } from '../classes.js';

/** Props of {@link Avatar}. */
export interface AvatarProps extends Omit<HTMLAttributes<HTMLSpanElement>, 'children'> {
  /** The person's display name: gives the initials and the background colour. */
  name: string;
  /** A picture to show instead of the initials. */
  imageUrl?: string | undefined;
  /**
   * Diameter in CSS pixels; the initials scale with it. Default: the `--meshcall-avatar-size` custom
   * property (64px unless a container sets it, e.g. tiles size their avatar to the tile).
   */
  size?: number | undefined;
}

/** Up to two initials: first letters of the first and last words ("Ada Lovelace" → "AL"). */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/u)
    .filter(Boolean);
  const initial = (word: string | undefined) => (word === undefined ? '' : firstCharacter(word));
  const first = initial(words[0]) || '?';
  const last = words.length > 1 ? initial(words[words.length - 1]) : '';
  return (first + last).toLocaleUpperCase();
}

let graphemes: Intl.Segmenter | null | undefined;

/**
 * The first character as a reader sees it (a grapheme): a flag, an emoji with its skin tone or its family, a
 * letter with a combining accent are several code points; a code point is itself two UTF-16 units outside the BMP.
 */
function firstCharacter(word: string): string {
  graphemes ??=
    typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  const first = graphemes ? graphemes.segment(word)[Symbol.iterator]().next().value?.segment : Array.from(word)[0];
  return first ?? '';
}

/** A stable hue (0–359) for a name, so each person keeps the same colour across tiles and sessions. */
export function hueOf(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  return hash % 360;
}

/**
 * A round avatar with the person's initials on a colour derived from their name (or their picture).
 * Decorative: the name is always written next to it, so it is hidden from assistive technology.
 */
export function Avatar({ name, imageUrl, size, className, style, ...rest }: AvatarProps) {
  return (
    <span
      aria-hidden="true"
      className={cx('meshcall-avatar', className)}
      style={{
        ['--meshcall-avatar-hue' as string]: String(hueOf(name)),
        ...(size === undefined ? {} : { ['--meshcall-avatar-size' as string]: `${size}px` }),
        ...style,
      }}
      {...rest}
    >
      {imageUrl ? <img src={imageUrl} alt="" className="meshcall-avatar__image" /> : initialsOf(name)}
    </span>
  );
}
