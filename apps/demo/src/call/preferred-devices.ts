/**
 * Switches a new call to the devices picked in the lobby once it has its media. Tried once per device kind
 * and session: if a remembered device is gone, the call keeps the default instead of retrying forever.
 */
import { useCallSession, useMediaDevices } from '@meshcall/hooks';
import { useEffect, useRef } from 'react';
import { useDevicePreferences } from './device-preferences.js';

/** Applies the remembered microphone and camera to the session `sessionId`. */
export function useApplyPreferredDevices(sessionId: string): void {
  const { session, selectDevice } = useCallSession(sessionId);
  const { audioinput, videoinput } = useMediaDevices();
  const preferences = useDevicePreferences();
  const tried = useRef(new Set<string>());
  const media = session?.localMedia;
  const hasAudio = Boolean(session?.localTracks.audio);
  const hasCamera = Boolean(session?.localTracks.video) && session?.localTracks.videoSource === 'camera';
  useEffect(() => {
    if (!media) return;
    const wanted = [
      ['audioinput', preferences.audioinput, media.audioDeviceId, audioinput, hasAudio],
      ['videoinput', preferences.videoinput, media.videoDeviceId, videoinput, hasCamera],
    ] as const;
    for (const [kind, preferred, currentId, available, live] of wanted) {
      if (!live || !preferred || preferred === currentId || tried.current.has(kind)) continue;
      if (!available.some((device) => device.deviceId === preferred)) continue;
      tried.current.add(kind);
      selectDevice(kind, preferred).catch(() => undefined);
    }
  }, [media, hasAudio, hasCamera, preferences, audioinput, videoinput, selectDevice]);
}
