/**
 * @meshcall/ui — React components for meshcall calls: `<VideoCall>` (the whole call UI, wired to
 * `@meshcall/hooks`; render it inside `<CallProvider>`), and the props-driven pieces it is built from: video
 * surfaces, call audio, the incoming-call dialog, call controls, participant tiles, the call grid and status
 * screens. Import `@meshcall/ui/styles.css` once for the default look, and theme it with the `--meshcall-*`
 * custom properties.
 * @packageDocumentation
 */
export { Avatar, type AvatarProps, hueOf, initialsOf } from './avatar/Avatar.js';
export { CallAudio, type CallAudioProps } from './call-audio/CallAudio.js';
export {
  CallControls,
  type CallControlsProps,
  CameraButton,
  type CameraButtonProps,
  ControlButton,
  type ControlButtonProps,
  HangUpButton,
  type HangUpButtonProps,
  type MediaToggleProps,
  MicButton,
  type MicButtonProps,
  ScreenShareButton,
  type ScreenShareButtonProps,
  SwitchCameraButton,
  type SwitchCameraButtonProps,
  useScreenShareSupported,
} from './call-controls/CallControls.js';
export { CallGrid, type CallGridProps, type PipPosition } from './call-grid/CallGrid.js';
export { CallLayout, type CallLayoutProps } from './call-layout/CallLayout.js';
export {
  CallEndedScreen,
  type CallEndedScreenProps,
  CallStatusScreen,
  type CallStatusScreenProps,
  OutgoingCallScreen,
  type OutgoingCallScreenProps,
  ReconnectingScreen,
  type ReconnectingScreenProps,
} from './call-status/CallStatusScreen.js';
export {
  type DeviceKind,
  type DeviceOption,
  DeviceSettingsButton,
  type DeviceSettingsButtonProps,
  MediaDeviceSelect,
  type MediaDeviceSelectProps,
} from './device-settings/DeviceSettings.js';
export { formatDuration } from './duration.js';
export { Icon, type IconName, type IconProps } from './icons.js';
export { IncomingCallDialog, type IncomingCallDialogProps } from './incoming-call/IncomingCallDialog.js';
export {
  type Ringtone,
  type RingtoneOptions,
  type RingtoneSource,
  startRingtone,
} from './incoming-call/ringtone.js';
export {
  bidiIsolate,
  defaultLabels,
  type LabelOverrides,
  LabelsProvider,
  type LabelsProviderProps,
  type MeshcallLabels,
  useLabels,
} from './labels.js';
export { ParticipantTile, type ParticipantTileProps } from './participant-tile/ParticipantTile.js';
export { defaultDisplayName, type TileConnection, tileConnectionFor } from './types.js';
export { type CallScreen, screenOf } from './video-call/call-view-state.js';
export type { LocalStreamRequest, VideoCallTileContext, VideoCallTileProps } from './video-call/context.js';
export { VideoCall, type VideoCallProps } from './video-call/VideoCall.js';
export { useTrackHasFrames } from './video-surface/useTrackHasFrames.js';
export { type VideoScaling, VideoSurface, type VideoSurfaceProps } from './video-surface/VideoSurface.js';
