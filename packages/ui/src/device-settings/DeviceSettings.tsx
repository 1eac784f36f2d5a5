/**
 * Choosing the microphone, camera and speaker: {@link MediaDeviceSelect}, one labelled `<select>` of a kind of
 * device, and {@link DeviceSettingsButton}, a control-bar button that opens a small panel holding them.
 * Props-driven like the other pieces (device lists from `useMediaDevices()`); `<VideoCall>` wires them to the
 * call.
 */
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ControlButton, type ControlButtonProps } from '../call-controls/CallControls.js';
import { cx } from '../classes.js';
import { Icon } from '../icons.js';
import { type LabelOverrides, type MeshcallLabels, useLabels } from '../labels.js';

/** The kinds of media device there is to choose from. */
export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';

/** A device as a select lists it (a `MediaDeviceInfo`, or the hooks' device snapshot). */
export interface DeviceOption {
  /** The browser's id of the device. */
  readonly deviceId: string;
  /** Its name; empty until the page has camera or microphone permission. */
  readonly label: string;
}

/** Props of {@link MediaDeviceSelect}. */
export interface MediaDeviceSelectProps {
  /** Which kind of device: it names the select ("Microphone", "Camera", "Speaker"). */
  kind: DeviceKind;
  /** The devices to offer, in order. */
  devices: readonly DeviceOption[];
  /**
   * The device in use. `undefined`, `''`, the browser's `default` entry, or an id not listed shows "System
   * default".
   */
  value: string | undefined;
  /** Called with the chosen device's id, or `''` for "System default". */
  onChange: (deviceId: string) => void;
  /** Grey it out (e.g. while a switch is in progress). */
  disabled?: boolean | undefined;
  /** Label overrides for this select. */
  labels?: LabelOverrides | undefined;
  /** Extra class for the wrapper. */
  className?: string | undefined;
}

function kindName(kind: DeviceKind, labels: MeshcallLabels): string {
  return kind === 'audioinput' ? labels.microphone : kind === 'videoinput' ? labels.camera : labels.speaker;
}

/** Keys that never change a select's value: a change while only these are down is a pick from the list. */
const NOT_BROWSING = /* @__PURE__ */ new Set(['Tab', 'Shift', 'Control', 'Alt', 'Meta', 'CapsLock']);

/** Chromium's stand-ins for "whatever the system uses" (not devices of their own): "System default" says it. */
const ALIASES = /* @__PURE__ */ new Set(['default', 'communications']);

/** The devices a user can tell apart: the browser's `default` and `communications` aliases left out. */
export function choosableDevices<T extends DeviceOption>(devices: readonly T[]): readonly T[] {
  return devices.filter((device) => !ALIASES.has(device.deviceId));
}

/**
 * One kind of device as a labelled native `<select>` (keyboard and screen-reader friendly as is): "System
 * default" first, then the devices (the browser's `default` alias left out, since that is what "System default"
 * is). Devices without a name yet are called "Microphone 1", "Microphone 2", ….
 *
 * A device picked from the open list is taken at once. Arrow keys and type-ahead on the closed select (which
 * change its value in Chromium and Firefox on Windows and Linux) only browse: the device shown is taken on
 * Enter or when the select loses focus, and Escape goes back to the device in use. Otherwise each key press
 * would open another microphone or camera, cutting the sound or the picture each time.
 */
export function MediaDeviceSelect({
  kind,
  devices,
  value,
  onChange,
  disabled,
  labels: overrides,
  className,
}: MediaDeviceSelectProps) {
  const labels = useLabels(overrides);
  const id = useId();
  const options = choosableDevices(devices);
  const listed = value !== undefined && options.some((device) => device.deviceId === value);
  const current = listed ? value : '';
  const name = kindName(kind, labels);
  // The device shown while the user browses with the keyboard, not taken yet.
  const [browsed, setBrowsed] = useState<string | null>(null);
  // A key is down: a change now comes from it (the list is closed), not from a pick in the open list.
  const keyDown = useRef(false);
  const take = () => {
    if (browsed === null) return;
    setBrowsed(null);
    if (browsed !== current) onChange(browsed);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLSelectElement>) => {
    if (event.key === 'Enter') take();
    else if (event.key === 'Escape') setBrowsed(null);
    // Keys that change the choice on a closed select; not Tab or a modifier, whose key-up may land elsewhere.
    else if (!NOT_BROWSING.has(event.key)) keyDown.current = true;
  };
  return (
    <div className={cx('meshcall-device-select', className)} data-kind={kind}>
      <label htmlFor={id} className="meshcall-device-select__label">
        {name}
      </label>
      <select
        id={id}
        className="meshcall-device-select__select"
        value={browsed ?? current}
        disabled={disabled}
        onKeyDown={onKeyDown}
        onKeyUp={() => {
          keyDown.current = false;
        }}
        onBlur={() => {
          keyDown.current = false;
          take();
        }}
        onChange={(event) => (keyDown.current ? setBrowsed(event.target.value) : onChange(event.target.value))}
      >
        <option value="">{labels.systemDefault}</option>
        {options.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || labels.unnamedDevice(name, index + 1)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Props of {@link DeviceSettingsButton}. */
export interface DeviceSettingsButtonProps
  extends Omit<ControlButtonProps, 'icon' | 'label' | 'pressed' | 'onClick' | 'children'> {
  /** The panel's content, typically {@link MediaDeviceSelect}s. */
  children: ReactNode;
  /** Label overrides for the button and the panel. */
  labels?: LabelOverrides | undefined;
}

/**
 * A control-bar button ("Devices") that opens a panel above it with `children`: a disclosure, so the button
 * has `aria-expanded` and the panel is a labelled group that takes the focus. Escape closes it and gives the
 * focus back to the button; so does a press outside it or the focus moving elsewhere.
 */
export function DeviceSettingsButton({ children, labels: overrides, className, ...rest }: DeviceSettingsButtonProps) {
  const labels = useLabels(overrides);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('select, button, input')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close();
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape is handled for the whole disclosure (button and panel).
    <div
      ref={root}
      className={cx('meshcall-device-settings', className)}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (open && !root.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <ControlButton
        ref={button}
        icon={<Icon name="settings" />}
        label={labels.deviceSettings}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        tone={open ? 'active' : 'default'}
        onClick={() => setOpen((was) => !was)}
        data-control="device-settings"
        {...rest}
      />
      {open && (
        // biome-ignore lint/a11y/useSemanticElements: a <fieldset> would bring form semantics; a labelled group is what this is.
        <div
          ref={panel}
          id={panelId}
          role="group"
          aria-label={labels.deviceSettings}
          className="meshcall-device-settings__panel"
        >
          {children}
        </div>
      )}
    </div>
  );
}
