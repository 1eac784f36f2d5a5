import {
  type ButtonHTMLAttributes,
  forwardRef,
  type ReactNode,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { cx } from '../classes.js';
import { Icon, type IconName } from '../icons.js';
import { type LabelOverrides, LabelsProvider, useLabels } from '../labels.js';

/** Props of {@link ControlButton}. */
export interface ControlButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  /** The icon (decorative; pass an `<svg aria-hidden>` or an {@link Icon}). */
  icon: ReactNode;
  /** The button's text: its accessible name, shown as a tooltip on hover and keyboard focus. */
  label: string;
  /** For toggle buttons: whether the toggle is on. Omit for plain buttons. */
  pressed?: boolean | undefined;
  /** `off` for a disabled feature (muted mic, camera off), `active` for a running one, `danger` for hang-up. */
  tone?: 'default' | 'off' | 'active' | 'danger' | undefined;
}

/**
 * A round call-control button with a tooltip label; the building block of the other control buttons. Its
 * `ref` is the `<button>` (forwarded, for React 18 too).
 *
 * The tooltip (WCAG 1.4.13): Escape hides it, whether it shows for the pointer or the keyboard focus, until
 * the pointer leaves or the focus moves; the pointer can move onto it without it going away, and a click on
 * it does not press the button. On a touch screen, which has no hover, a long press shows it (for a moment
 * after the finger lifts) without pressing the button.
 */
export const ControlButton = /* @__PURE__ */ forwardRef<HTMLButtonElement, ControlButtonProps>(function ControlButton(
  {
    icon,
    label,
    pressed,
    tone = 'default',
    className,
    type = 'button',
    onClick,
    onKeyDown,
    onPointerEnter,
    onPointerLeave,
    onPointerDown,
    onPointerUp,
    onPointerCancel,
    onContextMenu,
    onBlur,
    ...rest
  },
  ref,
) {
  const [dismissed, setDismissed] = useState(false);
  const [hovered, setHovered] = useState(false);
  const longPress = useLongPress();
  // Hovered without the focus: Escape is pressed elsewhere, and still means "hide this".
  useEffect(() => {
    if (!hovered) return;
    const onEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setDismissed(true);
    };
    document.addEventListener('keydown', onEscape);
    return () => document.removeEventListener('keydown', onEscape);
  }, [hovered]);
  return (
    <button
      ref={ref}
      type={type}
      aria-pressed={pressed}
      className={cx('meshcall-control', `meshcall-control--${tone}`, className)}
      data-tooltip={dismissed ? 'dismissed' : longPress.shown ? 'shown' : undefined}
      onClick={(event) => {
        if (event.target instanceof Element && event.target.closest('.meshcall-control__label')) return;
        if (longPress.swallowClick()) return; // the finger was there to read the name, not to press
        onClick?.(event);
      }}
      onPointerDown={(event) => {
        if (event.pointerType === 'touch') longPress.start(event.pointerId);
        onPointerDown?.(event);
      }}
      onPointerUp={(event) => {
        longPress.end(event.pointerId);
        onPointerUp?.(event);
      }}
      onPointerCancel={(event) => {
        longPress.cancel(event.pointerId);
        onPointerCancel?.(event);
      }}
      onContextMenu={(event) => {
        // A long press opens no menu over the button (Android): it shows the name instead.
        if (longPress.shown) event.preventDefault();
        onContextMenu?.(event);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setDismissed(true);
        onKeyDown?.(event);
      }}
      onPointerEnter={(event) => {
        if (event.pointerType !== 'touch') setHovered(true);
        onPointerEnter?.(event);
      }}
      onPointerLeave={(event) => {
        setHovered(false);
        setDismissed(false);
        longPress.end(event.pointerId);
        onPointerLeave?.(event);
      }}
      onBlur={(event) => {
        if (!hovered) setDismissed(false);
        onBlur?.(event);
      }}
      {...rest}
    >
      {icon}
      <span className="meshcall-control__label">{label}</span>
    </button>
  );
});

/** How long a finger rests on a control before its name shows, and how long the name stays after it lifts. */
const LONG_PRESS_MS = 500;
const LONG_PRESS_LINGER_MS = 1_500;
/** How soon after a long press a click is taken as its end (it follows the lifted finger at once, if at all). */
const LONG_PRESS_CLICK_MS = 400;

/**
 * A touch long press on a control: shows its name, and the click that ends it presses nothing. One finger at a
 * time (the first down); a press the browser cancels (a scroll, a system gesture) ends with no click to eat.
 */
function useLongPress() {
  const [shown, setShown] = useState(false);
  const pressTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hideTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** The finger being followed, while it is down. */
  const finger = useRef<number | null>(null);
  const pressedLong = useRef(false);
  /** Until when a click is the end of a long press. */
  const swallowUntil = useRef(0);
  useEffect(
    () => () => {
      clearTimeout(pressTimer.current);
      clearTimeout(hideTimer.current);
    },
    [],
  );
  const lift = (pointerId: number, cancelled: boolean) => {
    if (finger.current !== pointerId) return;
    finger.current = null;
    clearTimeout(pressTimer.current);
    if (pressedLong.current && !cancelled) swallowUntil.current = Date.now() + LONG_PRESS_CLICK_MS;
    pressedLong.current = false;
    // The name lingers a moment after the finger lifts, whether it showed for this press or an earlier one.
    clearTimeout(hideTimer.current);
    hideTimer.current = setTimeout(() => setShown(false), LONG_PRESS_LINGER_MS);
  };
  return {
    shown,
    start(pointerId: number) {
      if (finger.current !== null) return; // a second finger: the first one's press goes on
      finger.current = pointerId;
      pressedLong.current = false;
      swallowUntil.current = 0;
      clearTimeout(hideTimer.current); // the name stays while a finger rests on it
      pressTimer.current = setTimeout(() => {
        pressedLong.current = true;
        setShown(true);
      }, LONG_PRESS_MS);
    },
    /** The finger lifted or left (both come at the end of a touch: `pointerup`, then `pointerleave`). */
    end(pointerId: number) {
      lift(pointerId, false);
    },
    /** The browser took the touch over: no click follows. */
    cancel(pointerId: number) {
      lift(pointerId, true);
    },
    /** Whether a click now ends a long press: then it must not press the button. */
    swallowClick() {
      const swallowed = pressedLong.current || Date.now() < swallowUntil.current;
      swallowUntil.current = 0;
      return swallowed;
    },
  };
}

type ExtraButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children' | 'onClick' | 'onToggle'>;

/** Props of the mute-style toggles ({@link MicButton}, {@link CameraButton}). */
export interface MediaToggleProps extends ExtraButtonProps {
  /** Whether the device is muted / off (the session's `audioMuted` or `videoMuted`). */
  muted: boolean;
  /** Called on click; the parent flips the state (e.g. `session.setAudioMuted(!muted)`). */
  onToggle: () => void;
  /** Label overrides for this button. */
  labels?: LabelOverrides | undefined;
}

/** Props of {@link MicButton}. */
export type MicButtonProps = MediaToggleProps;

/** Props of {@link CameraButton}. */
export type CameraButtonProps = MediaToggleProps;

/**
 * A toggle whose `aria-pressed` is `true` while muted. Its label stays the same in both states (WAI-ARIA's
 * rule for toggle buttons): "Mute, pressed" is muted, where a label flipping to "Unmute" would say "Unmute,
 * pressed". The icon and the tone show the state to the eye.
 */
function MediaToggle({
  control,
  icons,
  label,
  muted,
  onToggle,
  ...rest
}: Omit<MediaToggleProps, 'labels'> & {
  control: string;
  icons: { on: IconName; off: IconName };
  label: string;
}) {
  return (
    <ControlButton
      icon={<Icon name={muted ? icons.off : icons.on} />}
      label={label}
      pressed={muted}
      tone={muted ? 'off' : 'default'}
      onClick={onToggle}
      data-control={control}
      {...rest}
    />
  );
}

/** Mutes and unmutes the microphone. A toggle button named "Mute": `aria-pressed` is `true` while muted. */
export function MicButton({ labels: overrides, ...props }: MicButtonProps) {
  const labels = useLabels(overrides);
  return <MediaToggle control="mic" icons={{ on: 'mic', off: 'micOff' }} label={labels.mute} {...props} />;
}

/** Turns the camera off and on. A toggle button named "Turn off camera": `aria-pressed` is `true` while it is off. */
export function CameraButton({ labels: overrides, ...props }: CameraButtonProps) {
  const labels = useLabels(overrides);
  return (
    <MediaToggle control="camera" icons={{ on: 'camera', off: 'cameraOff' }} label={labels.cameraOff} {...props} />
  );
}

/** Props of {@link SwitchCameraButton}. */
export interface SwitchCameraButtonProps extends ExtraButtonProps {
  /** How many cameras the device has; the button renders only when there is more than one. */
  cameraCount: number;
  /** Switch to the next camera (e.g. `session.switchCamera()`). */
  onSwitch: () => void;
  /** Label overrides for this button. */
  labels?: LabelOverrides | undefined;
}

/** Switches to the next camera. Renders nothing unless the device has more than one camera. */
export function SwitchCameraButton({ cameraCount, onSwitch, labels: overrides, ...rest }: SwitchCameraButtonProps) {
  const labels = useLabels(overrides);
  if (cameraCount < 2) return null;
  return (
    <ControlButton
      icon={<Icon name="switchCamera" />}
      label={labels.switchCamera}
      onClick={onSwitch}
      data-control="switch-camera"
      {...rest}
    />
  );
}

/**
 * Whether this browser can share the screen (`navigator.mediaDevices.getDisplayMedia`). Right from the first
 * client render, so a control bar is never painted one button short and then widened; `false` during server
 * rendering and hydration, so hydration always matches.
 */
export function useScreenShareSupported(): boolean {
  return useSyncExternalStore(neverChanges, canShareScreen, cannotShareScreen);
}

const neverChanges = () => () => {};
const canShareScreen = () =>
  typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
const cannotShareScreen = () => false;

/** Props of {@link ScreenShareButton}. */
export interface ScreenShareButtonProps extends ExtraButtonProps {
  /** Whether the local user is sharing their screen. */
  sharing: boolean;
  /** Start or stop sharing (e.g. `session.startScreenShare()` / `stopScreenShare()`). */
  onToggle: () => void;
  /** Force support on or off; by default it is detected (`getDisplayMedia` exists, e.g. not on phones). */
  supported?: boolean | undefined;
  /** Label overrides for this button. */
  labels?: LabelOverrides | undefined;
}

/**
 * Starts and stops screen sharing. A toggle button named "Share screen": `aria-pressed` is `true` while sharing.
 * Renders nothing where the browser cannot share the screen.
 */
export function ScreenShareButton({
  sharing,
  onToggle,
  supported,
  labels: overrides,
  ...rest
}: ScreenShareButtonProps) {
  const labels = useLabels(overrides);
  const detected = useScreenShareSupported();
  if (!(supported ?? detected)) return null;
  return (
    <ControlButton
      icon={<Icon name={sharing ? 'screenOff' : 'screen'} />}
      label={labels.shareScreen}
      pressed={sharing}
      tone={sharing ? 'active' : 'default'}
      onClick={onToggle}
      data-control="screen-share"
      {...rest}
    />
  );
}

/** Props of {@link HangUpButton}. */
export interface HangUpButtonProps extends ExtraButtonProps {
  /** Leave the call (e.g. `session.hangUp()`). */
  onHangUp: () => void;
  /** Label overrides for this button. */
  labels?: LabelOverrides | undefined;
}

/** Leaves the call. Red, wider than the other controls, and last in the toolbar. */
export function HangUpButton({ onHangUp, labels: overrides, ...rest }: HangUpButtonProps) {
  const labels = useLabels(overrides);
  return (
    <ControlButton
      icon={<Icon name="phoneOff" />}
      label={labels.hangUp}
      tone="danger"
      onClick={onHangUp}
      data-control="hang-up"
      {...rest}
    />
  );
}

/** Props of {@link CallControls}. */
export interface CallControlsProps {
  /**
   * Custom buttons (any of the exported buttons, or {@link ControlButton}s of your own), in order. When
   * given, the default buttons are not rendered and the props below are ignored.
   */
  children?: ReactNode | undefined;
  /** Microphone state; the mic button is shown when `onToggleAudio` is given. */
  audioMuted?: boolean | undefined;
  /** Called when the mic button is clicked; flip the state (e.g. `session.setAudioMuted(!audioMuted)`). */
  onToggleAudio?: (() => void) | undefined;
  /** Camera state; the camera button is shown when `onToggleVideo` is given (leave it out for audio calls). */
  videoMuted?: boolean | undefined;
  /** Called when the camera button is clicked; flip the state (e.g. `session.setVideoMuted(!videoMuted)`). */
  onToggleVideo?: (() => void) | undefined;
  /** Number of cameras; the switch button is shown when there are two or more and `onSwitchCamera` is given. */
  cameraCount?: number | undefined;
  /** Called when the switch-camera button is clicked (e.g. `session.switchCamera()`). */
  onSwitchCamera?: (() => void) | undefined;
  /** Screen sharing state; the button is shown when `onToggleScreenShare` is given and the browser supports it. */
  screenSharing?: boolean | undefined;
  /** Called when the screen-share button is clicked; start or stop sharing according to `screenSharing`. */
  onToggleScreenShare?: (() => void) | undefined;
  /** Leave the call; the hang-up button is shown when given. */
  onHangUp?: (() => void) | undefined;
  /** Label overrides for every button inside. */
  labels?: LabelOverrides | undefined;
  /** Extra class for the toolbar. */
  className?: string | undefined;
}

/**
 * The call's control bar: a labelled group of buttons. With no children it renders the default set
 * (mic, camera, switch camera, screen share, hang up), each only when its callback is given; with
 * children it renders exactly those. Every button is a native `<button>`, reachable with Tab.
 */
export function CallControls({
  children,
  audioMuted = false,
  onToggleAudio,
  videoMuted = false,
  onToggleVideo,
  cameraCount = 0,
  onSwitchCamera,
  screenSharing = false,
  onToggleScreenShare,
  onHangUp,
  labels: overrides,
  className,
}: CallControlsProps) {
  const labels = useLabels(overrides);
  const content = children ?? (
    <>
      {onToggleAudio && <MicButton muted={audioMuted} onToggle={onToggleAudio} />}
      {onToggleVideo && <CameraButton muted={videoMuted} onToggle={onToggleVideo} />}
      {onSwitchCamera && <SwitchCameraButton cameraCount={cameraCount} onSwitch={onSwitchCamera} />}
      {onToggleScreenShare && <ScreenShareButton sharing={screenSharing} onToggle={onToggleScreenShare} />}
      {onHangUp && <HangUpButton onHangUp={onHangUp} />}
    </>
  );
  return (
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> would bring form semantics and styling; a labelled group is what screen readers expect here.
    <div role="group" aria-label={labels.callControls} className={cx('meshcall', 'meshcall-controls', className)}>
      {overrides ? <LabelsProvider labels={overrides}>{content}</LabelsProvider> : content}
    </div>
  );
}
