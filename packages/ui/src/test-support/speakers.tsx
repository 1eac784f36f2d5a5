/**
 * Speakers for tests of where the sound goes (not part of the package): made-up `audiooutput` devices, and a
 * button that chooses the headset as a lobby's speaker picker would (`useAudioOutput`).
 */
import { useAudioOutput } from '@meshcall/hooks';

/** An `audiooutput` device named after its id ("headset speaker"). */
export function speaker(deviceId: string): MediaDeviceInfo {
  return { deviceId, groupId: deviceId, kind: 'audiooutput', label: `${deviceId} speaker` } as MediaDeviceInfo;
}

/** "Speaker: system" until pressed, then "Speaker: headset" while the headset is the speaker for calls. */
export function ChooseHeadset() {
  const { deviceId, select } = useAudioOutput();
  return (
    <button type="button" onClick={() => select('headset')}>
      Speaker: {deviceId ?? 'system'}
    </button>
  );
}
