/**
 * Inline SVG icons (24×24, stroke-based, `currentColor`), so the package needs no icon library or font.
 * Icons are decorative: the buttons and badges that use them carry the text.
 */
import type { ReactNode, SVGProps } from 'react';

/** Names of the built-in icons. */
export type IconName =
  | 'mic'
  | 'micOff'
  | 'camera'
  | 'cameraOff'
  | 'switchCamera'
  | 'screen'
  | 'screenOff'
  | 'phone'
  | 'phoneOff'
  | 'video'
  | 'users'
  | 'signal'
  | 'alert'
  | 'play'
  | 'volume'
  | 'settings'
  | 'pin';

// Shapes drawn by more than one icon.
const cameraBody = (
  <>
    <rect x="2.5" y="6" width="13" height="12" rx="2.5" />
    <path d="m15.5 10.5 6-3.5v10l-6-3.5" />
  </>
);
const screenFrame = <rect x="2.5" y="4" width="19" height="13" rx="2" />;
const handset =
  'M5 4h3.5l1.5 4.5-2.2 1.4a11 11 0 0 0 6.3 6.3l1.4-2.2L20 15.5V19a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2';

const paths: Record<IconName, ReactNode> = {
  mic: (
    <>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    </>
  ),
  micOff: (
    <>
      <path d="M15 9.3V6a3 3 0 0 0-5.7-1.3M9 9v2a3 3 0 0 0 5.1 2.1" />
      <path d="M19 11a7 7 0 0 1-1.1 3.8M5 11a7 7 0 0 0 11.2 5.6M12 18v3M3 3l18 18" />
    </>
  ),
  camera: cameraBody,
  cameraOff: (
    <>
      <path d="M10.5 6h2.5a2.5 2.5 0 0 1 2.5 2.5v2l6-3.5v10l-2.3-1.3M15.5 15.5A2.5 2.5 0 0 1 13 18H5a2.5 2.5 0 0 1-2.5-2.5v-7A2.5 2.5 0 0 1 5 6" />
      <path d="M3 3l18 18" />
    </>
  ),
  switchCamera: (
    <>
      <path d="M4 8.5A2.5 2.5 0 0 1 6.5 6h1.8l1.4-2h4.6l1.4 2h1.8A2.5 2.5 0 0 1 20 8.5v9a2.5 2.5 0 0 1-2.5 2.5h-11A2.5 2.5 0 0 1 4 17.5z" />
      <path d="M9 12.5a3 3 0 0 1 5.2-2l.8.8M15 14a3 3 0 0 1-5.2 1.5l-.8-.8M15 9.5v1.8h-1.8M9 16.5v-1.8h1.8" />
    </>
  ),
  screen: (
    <>
      {screenFrame}
      <path d="M8 21h8M12 17v4M12 13.5V8M9.5 10.5 12 8l2.5 2.5" />
    </>
  ),
  screenOff: (
    <>
      {screenFrame}
      <path d="M8 21h8M12 17v4M9.5 8.5l5 5M14.5 8.5l-5 5" />
    </>
  ),
  phone: <path d={handset} />,
  // The same handset, hung up.
  phoneOff: <path transform="rotate(135 12 12)" d={handset} />,
  video: cameraBody,
  users: (
    <>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14.2a6.5 6.5 0 0 1 3.5 5.8" />
    </>
  ),
  signal: <path d="M4 20v-3M9 20v-7M14 20V9M19 20V4" />,
  alert: (
    <>
      <path d="M12 3.5 2.5 20h19z" />
      <path d="M12 10v4.5M12 17.2v.3" />
    </>
  ),
  play: <path d="M7 4.5v15l12.5-7.5z" />,
  settings: (
    <>
      <path d="M4 7h9M17 7h3M4 17h3M11 17h9" />
      <circle cx="15" cy="7" r="2.2" />
      <circle cx="9" cy="17" r="2.2" />
    </>
  ),
  // A push pin, its point down and to the left.
  pin: (
    <>
      <path d="M14.5 3.5 20.5 9.5l-2.2.8-3.6 3.6.5 4.1-1.6 1.6-4.1-4.1-4.1-4.1 1.6-1.6 4.1.5 3.6-3.6z" />
      <path d="M9.5 14.5 4 20" />
    </>
  ),
  volume: (
    <>
      <path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z" />
      <path d="M15.5 9a4.5 4.5 0 0 1 0 6M18 6.5a8 8 0 0 1 0 11" />
    </>
  ),
};

/** Props of {@link Icon}. */
export interface IconProps extends Omit<SVGProps<SVGSVGElement>, 'children'> {
  /** Which icon to draw. */
  name: IconName;
  /** Width and height in CSS pixels (default 24). */
  size?: number | undefined;
}

/** One of the built-in icons, hidden from assistive technology (it is always paired with text). */
export function Icon({ name, size = 24, className, ...rest }: IconProps) {
  return (
    <svg
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill={name === 'play' ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={1.9}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={className ? `meshcall-icon ${className}` : 'meshcall-icon'}
      {...rest}
    >
      {paths[name]}
    </svg>
  );
}
