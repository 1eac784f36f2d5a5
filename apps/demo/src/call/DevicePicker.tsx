/**
 * Microphone, camera and speaker pickers. In a call a change switches the device at once (no renegotiation:
 * the engine replaces the track); in the lobby it is remembered for the next call.
 */
import { useCallClient, useCallSession, useMediaDevices } from '@meshcall/hooks';
import { type ChangeEvent, useId, useState } from 'react';
import {
  type DevicePreferences,
  devicePreferences,
  setDevicePreference,
  useDevicePreferences,
} from './device-preferences.js';

/** Props of {@link DevicePicker}. */
export interface DevicePickerProps {
  /** The call to apply changes to; omit in the lobby. */
  readonly sessionId?: string;
}

const KIND_LABELS = { audioinput: 'Microphone', videoinput: 'Camera', audiooutput: 'Speaker' } as const;

type InputKind = 'audioinput' | 'videoinput';

/** The DOMException name of a getUserMedia failure (`NotAllowedError`, …), or `''`. */
function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
}

/** Whether the browser (or the user) refused access, as opposed to a device that is missing or busy. */
function isRefusal(error: unknown): boolean {
  return ['NotAllowedError', 'SecurityError'].includes(errorName(error));
}

/** Why the browser would not open `kinds`, by the error's name: "blocked" only when access was refused. */
function failureReason(kinds: readonly InputKind[], error: unknown): string {
  const devices = kinds.map((kind) => KIND_LABELS[kind].toLowerCase()).join(' and ');
  const name = errorName(error);
  if (isRefusal(error)) return `the browser blocked access to the ${devices}`;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return `no ${devices} found`;
  if (name === 'NotReadableError' || name === 'AbortError') return `the ${devices} is in use by another app`;
  return `the ${devices} could not be opened`;
}

/** Opens and closes at once the given kinds of device, which makes the browser reveal their names. */
async function openBriefly(kinds: readonly InputKind[]): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: kinds.includes('audioinput'),
    video: kinds.includes('videoinput'),
  });
  for (const track of stream.getTracks()) track.stop();
}

/**
 * The device the browser opens when asked for none: Chromium lists it as `default`; elsewhere it is the first
 * one listed.
 */
function systemDefault(list: readonly { readonly deviceId: string }[]): string | undefined {
  return (list.find((device) => device.deviceId === 'default') ?? list[0])?.deviceId || undefined;
}

/** Device pickers with a "show device names" step when the browser hides them before permission. */
export function DevicePicker({ sessionId }: DevicePickerProps) {
  const devices = useMediaDevices();
  const preferences = useDevicePreferences();
  const client = useCallClient();
  const { session, selectDevice } = useCallSession(sessionId ?? '');
  const live = sessionId ? session : null;
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();

  if (devices.status === 'unavailable') {
    return <p className="demo-muted">This page can’t use a camera or microphone (it needs https or localhost).</p>;
  }

  const unnamed = [...devices.audioinput, ...devices.videoinput].some((device) => device.label === '');

  const askForNames = async () => {
    setProblem(null);
    // Only kinds the browser lists: asking for a camera the computer does not have fails the whole request.
    const kinds = (['audioinput', 'videoinput'] as const).filter((kind) => devices[kind].length > 0);
    const reasons: string[] = [];
    try {
      await openBriefly(kinds);
    } catch (error) {
      if (kinds.length > 1 && !isRefusal(error)) {
        // One of them is missing or busy: ask for each alone, so the other one still gets its name.
        for (const kind of kinds) {
          await openBriefly([kind]).catch((single: unknown) => reasons.push(failureReason([kind], single)));
        }
      } else {
        reasons.push(failureReason(kinds, error));
      }
    }
    await devices.refresh();
    if (reasons.length > 0) setProblem(`Some device names stay hidden: ${reasons.join('; ')}.`);
  };

  const onChange = (kind: keyof DevicePreferences) => (event: ChangeEvent<HTMLSelectElement>) => {
    const deviceId = event.target.value;
    setDevicePreference(kind, deviceId);
    setProblem(null);
    if (!live || kind === 'audiooutput') return;
    // "System default" in a call: switch to the device the browser opens by default.
    const target = deviceId || systemDefault(devices[kind]);
    if (!target) return;
    selectDevice(kind, target).then(
      // The engine keeps a device switched to for later calls; "System default" is no particular device, and
      // a pick made meanwhile (the switch took a while) is the one that counts.
      () => {
        if (!deviceId)
          client.setPreferredDevices({ ...client.preferredDevices, [kind]: devicePreferences()[kind] ?? null });
      },
      // Why it failed is a toast already (the call reports it), in the words of every other device problem.
      () => {},
    );
  };

  const current = (kind: keyof DevicePreferences): string => {
    const preferred = preferences[kind] ?? '';
    if (!live || kind === 'audiooutput' || !preferred) return preferred;
    // A pick the call could not honour (the device went away): show the device actually in use, if listed.
    const inUse = kind === 'audioinput' ? live.localMedia.audioDeviceId : live.localMedia.videoDeviceId;
    return devices[kind].some((device) => device.deviceId === inUse) ? (inUse ?? preferred) : preferred;
  };

  const kinds = (['audioinput', 'videoinput', 'audiooutput'] as const).filter((kind) => {
    if (kind === 'audiooutput') return devices.audiooutput.length > 0;
    // An audio call has no camera to switch.
    return kind !== 'videoinput' || live?.callType !== 'audio';
  });

  return (
    <div className="demo-devices" data-testid="device-picker">
      {kinds.map((kind) => {
        const list = devices[kind];
        return (
          <label key={kind} className="demo-field" htmlFor={`${id}-${kind}`}>
            <span>{KIND_LABELS[kind]}</span>
            <select
              id={`${id}-${kind}`}
              value={current(kind)}
              onChange={onChange(kind)}
              disabled={list.length === 0}
              data-testid={`device-${kind}`}
            >
              <option value="">{list.length === 0 ? 'None found' : 'System default'}</option>
              {list.map((device, index) => (
                <option key={device.deviceId || `${kind}-${index}`} value={device.deviceId}>
                  {device.label || `${KIND_LABELS[kind]} ${index + 1}`}
                </option>
              ))}
            </select>
          </label>
        );
      })}
      {unnamed && (
        <button type="button" className="demo-button demo-button--ghost" onClick={() => void askForNames()}>
          Show device names
        </button>
      )}
      {problem && (
        <p className="demo-inline-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
