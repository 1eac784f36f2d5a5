/**
 * Microphone, camera and speaker pickers. In a call a change switches the device at once (no renegotiation:
 * the engine replaces the track); in the lobby it is remembered for the next call.
 */
import { useCallSession, useMediaDevices } from '@meshcall/hooks';
import { type ChangeEvent, useId, useState } from 'react';
import { type DevicePreferences, setDevicePreference, useDevicePreferences } from './device-preferences.js';

/** Props of {@link DevicePicker}. */
export interface DevicePickerProps {
  /** The call to apply changes to; omit in the lobby. */
  readonly sessionId?: string;
}

const KIND_LABELS = { audioinput: 'Microphone', videoinput: 'Camera', audiooutput: 'Speaker' } as const;

/** Device pickers with a "show device names" step when the browser hides them before permission. */
export function DevicePicker({ sessionId }: DevicePickerProps) {
  const devices = useMediaDevices();
  const preferences = useDevicePreferences();
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
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      for (const track of stream.getTracks()) track.stop();
      await devices.refresh();
    } catch {
      setProblem('The browser did not allow access to the camera and microphone.');
    }
  };

  const onChange = (kind: keyof DevicePreferences) => (event: ChangeEvent<HTMLSelectElement>) => {
    const deviceId = event.target.value;
    setDevicePreference(kind, deviceId);
    setProblem(null);
    if (live && deviceId && kind !== 'audiooutput') {
      selectDevice(kind, deviceId).catch(() =>
        setProblem(`Could not switch to that ${KIND_LABELS[kind].toLowerCase()}.`),
      );
    }
  };

  const current = (kind: keyof DevicePreferences): string => {
    if (live && kind === 'audioinput') return live.localMedia.audioDeviceId ?? preferences.audioinput ?? '';
    if (live && kind === 'videoinput') return live.localMedia.videoDeviceId ?? preferences.videoinput ?? '';
    return preferences[kind] ?? '';
  };

  const kinds = (['audioinput', 'videoinput', 'audiooutput'] as const).filter(
    (kind) => kind !== 'audiooutput' || devices.audiooutput.length > 0,
  );

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
