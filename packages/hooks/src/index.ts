/**
 * @meshcall/hooks — a zustand store and React hooks over the meshcall call engine. Wrap the app in
 * {@link CallProvider}, then build call screens from the hooks; each hook subscribes to the smallest slice of
 * the state, so one participant's change re-renders only what shows that participant.
 * @packageDocumentation
 */
export { beginCallSwitch, type CallSwitch, currentCallEndedBy } from './call-switch.js';
export { browserMediaDevices, devicesSnapshot, type MediaDevicesSource } from './devices.js';
export { CallProvider, type CallProviderProps, useCallClient, useCallStoreApi } from './react/context.js';
export { useCallDuration } from './react/useCallDuration.js';
export {
  type StartCall,
  type UseCallSessionResult,
  type UseEndedCallOptions,
  type UseEndedCallResult,
  type UseIncomingCallResult,
  useCallSession,
  useEndedCall,
  useIncomingCall,
  useIsReconnecting,
  useLocalMedia,
  useSessionActions,
  useStartCall,
} from './react/useCallSession.js';
export { type UseCallStatsOptions, useCallStats } from './react/useCallStats.js';
export { useCallStore } from './react/useCallStore.js';
export {
  type UseCallErrorsResult,
  useCallErrors,
  useConnectionStatus,
  useLocalUser,
  useOnlineUsers,
} from './react/useConnection.js';
export {
  type UseAudioOutputResult,
  type UseMediaDevicesResult,
  useAudioOutput,
  useMediaDevices,
} from './react/useMediaDevices.js';
export {
  useActiveSpeaker,
  useConnectionQuality,
  useIsSpeaking,
  useParticipant,
  useParticipants,
  usePeerState,
  usePresenter,
  usePresentParticipants,
  useSpeakers,
} from './react/useParticipants.js';
export {
  type PreviewStatus,
  type UsePreviewMediaOptions,
  type UsePreviewMediaResult,
  useAudioLevel,
  usePreviewMedia,
} from './react/usePreviewMedia.js';
export { useLocalTracks, useRemoteTracks } from './react/useTracks.js';
export { bindSessionActions } from './session-actions.js';
export { type CallStore, type CallStoreOptions, createCallStore } from './store/createCallStore.js';
export { type ClientData, readClient, readSession, type SessionData } from './store/read.js';
export {
  type CallAction,
  callReducer,
  initialCallState,
  pickActiveSession,
  type RemovedSession,
} from './store/reducer.js';
export {
  busyIn,
  couldNotAnswer,
  declinedBy,
  endedCallToShow,
  isReconnecting,
  NO_LOCAL_TRACKS,
  presenterOf,
  presentIdsOf,
  type RemoteTrack,
  type RemoteTrackSource,
  remoteTracksOf,
  selectParticipant,
  selectSession,
  showsEndScreen,
  unreachableIn,
} from './store/selectors.js';
export { shallowEqual } from './store/share.js';
export type {
  AcceptOptions,
  CallClientLike,
  CallClientLikeEvents,
  CallErrorEntry,
  CallSessionLike,
  CallState,
  DeviceSnapshot,
  DevicesSnapshot,
  EndedCall,
  LocalTracks,
  PeerSnapshot,
  SessionActions,
  SessionFacts,
  SessionSnapshot,
  StartOptions,
} from './types.js';
