/**
 * Every user-visible string of the components, with English defaults. Apps translate by passing a partial
 * `labels` object to {@link LabelsProvider} (for a whole subtree) or to a single component's `labels` prop;
 * the nearest definition of a key wins. Strings that embed values are functions, so languages can reorder
 * words and choose plural forms.
 */
import { shallowEqual } from '@meshcall/hooks';
import { createContext, type ReactNode, useContext, useMemo, useRef } from 'react';
import { formatDuration } from './duration.js';
import type { CloseReason, UserId } from './types.js';

/** The strings used by the meshcall components. */
export interface MeshcallLabels {
  /** Button shown when the browser blocked autoplay of a video. */
  tapToPlay: string;
  /** Button shown when the browser blocked autoplay of the call's sound. */
  enableAudio: string;

  /** Incoming call: headline, e.g. "Alice is calling". */
  incomingCallTitle: (callerName: string, callerId: UserId) => string;
  /** Incoming call: kind of call. */
  incomingAudioCall: string;
  /** Incoming call: kind of call. */
  incomingVideoCall: string;
  /** Group call summary: `count` includes the local user; `others` are the other invitees' names. */
  groupCallInfo: (count: number, others: readonly string[], otherIds: readonly UserId[]) => string;
  /** Accept button. */
  accept: string;
  /** Accept a video call with the camera off. */
  acceptWithoutVideo: string;
  /** Accept button while already in a call: answering ends that call. */
  endAndAccept: string;
  /** Accept-without-video button while already in a call. */
  endAndAcceptWithoutVideo: string;
  /** Reject button. */
  reject: string;

  /** Accessible name of the controls toolbar. */
  callControls: string;
  /**
   * Microphone button: a toggle, pressed while muted. Its name stays the same in both states (a screen reader
   * says "Mute, toggle button, pressed"): a name that flipped to "Unmute" would read as a double negative.
   */
  mute: string;
  /** Camera button: a toggle, pressed while the camera is off. */
  cameraOff: string;
  /** Switch to the next camera. */
  switchCamera: string;
  /** Screen-share button: a toggle, pressed while sharing. */
  shareScreen: string;
  /** Hang-up button. */
  hangUp: string;
  /** The button that opens the device choices, and the panel's name. */
  deviceSettings: string;
  /** Device choice: the microphone select. */
  microphone: string;
  /** Device choice: the camera select. */
  camera: string;
  /** Device choice: the speaker select. */
  speaker: string;
  /** Device choice: the system's own device (the speaker's default output, or an input not listed). */
  systemDefault: string;
  /**
   * A device the browser gives no name yet (before permission), e.g. "Microphone 2": `select` is that select's
   * own label (`microphone`, `camera` or `speaker` above, as translated), `position` counts from 1.
   */
  unnamedDevice: (select: string, position: number) => string;

  /** Suffix for the local participant's tile, e.g. "Alice (you)". */
  youSuffix: (name: string) => string;
  /** Badge: this participant's microphone is muted. */
  microphoneMuted: string;
  /** Said (live region) when one's own camera or microphone would not open or stopped during a call. */
  deviceUnavailable: string;
  /** Said (live region) when another camera or microphone than the one in use or chosen took its place. */
  deviceSwitched: string;
  /**
   * Said (live region) when the speaker chosen for calls is gone (unplugged) and the call's sound plays on the
   * system's default output.
   */
  speakerSwitched: string;
  /**
   * Said (live region) when sharing one's screen could not start (the browser could not capture it, or it was
   * blocked): not for a picker the user cancelled.
   */
  screenShareFailed: string;
  /** Badge: this participant's camera is off. */
  cameraIsOff: string;
  /** Badge: this participant is sharing their screen. */
  presenting: string;
  /** Badge on one's own tile while sharing one's screen (the tile shows one's camera, the others the screen). */
  youArePresenting: string;
  /** Connection badges. `ringing`: the participant has not answered yet (a group call already going on). */
  ringing: string;
  /** Badge: the link is being set up (also the call header's status until the call is active). */
  connecting: string;
  /** Badge: a dropped link is being restored. */
  reconnecting: string;
  /** Badge: connected, but the quality figures are poor. */
  poorConnection: string;
  /** Badge: the link failed for good (ICE failure, negotiation error, or disconnect timeout). */
  connectionFailed: string;
  /** Accessible name of the call grid. */
  participants: string;
  /** A tile's pin toggle (pressed while pinned: shown large), e.g. "Pin Alice". */
  pinParticipant: (name: string, userId: UserId) => string;

  /** Announced to screen readers when a participant's link connects, e.g. "Alice joined the call.". */
  participantJoined: (name: string, userId: UserId) => string;
  /** Announced when a participant hangs up. */
  participantLeft: (name: string, userId: UserId) => string;
  /** Announced when a group-call participant never answers. */
  participantNoAnswer: (name: string, userId: UserId) => string;
  /** Announced when one participant's link drops (while others stay connected) and is being restored. */
  participantReconnecting: (name: string, userId: UserId) => string;
  /** Announced when a dropped link is back. */
  participantReconnected: (name: string, userId: UserId) => string;
  /** Announced when a link that had connected is lost for good (it did not come back in time). */
  participantLost: (name: string, userId: UserId) => string;
  /**
   * Announced (and on an end screen) when a participant answered but the link to them never connected, e.g.
   * "Couldn’t connect to Bob.".
   */
  participantCouldNotConnect: (name: string, userId: UserId) => string;
  /** Said once when the link to a participant turns poor (their tile shows `poorConnection`), e.g. "Poor connection to Bob." */
  participantPoorConnection: (name: string, userId: UserId) => string;
  /** Announced when a participant starts sharing their screen (it takes the stage), e.g. "Alice is presenting.". */
  participantPresenting: (name: string, userId: UserId) => string;
  /** Announced when a participant still in the call stops sharing their screen. */
  participantStoppedPresenting: (name: string, userId: UserId) => string;

  /** Live call: the header's title, e.g. "Alice and Bob"; `names` are the other participants' display names. */
  callTitle: (names: readonly string[], userIds: readonly UserId[]) => string;
  /** Outgoing call: headline, e.g. "Calling Alice…"; `names` are the callees' display names. */
  callingTitle: (names: readonly string[], userIds: readonly UserId[]) => string;
  /** Outgoing call: kind of call. */
  outgoingAudioCall: string;
  /** Outgoing call: kind of call (video). */
  outgoingVideoCall: string;
  /** Cancel an outgoing call. */
  cancel: string;
  /** Headline while the connection is being re-established. */
  reconnectingTitle: string;
  /** Detail text while reconnecting. */
  reconnectingDescription: string;
  /** Headline when the call is over. */
  callEnded: string;
  /** End screen title of a call that never connected (declined, busy, no answer, cancelled). */
  callNotConnected: string;
  /** End screen title of a call that rang here and was not answered. */
  missedCall: string;
  /** Headline when the call could not start or went on because camera/microphone access failed. */
  mediaErrorTitle: string;
  /**
   * Why the call ended, by reason. `mediaError` is said when the camera or microphone failed in a way without a
   * text of its own below (access blocked, most often).
   */
  endReasons: Readonly<Record<CloseReason, string>>;
  /** End screen of a call whose links never connected (`connectionLost` before it was ever active). */
  callCouldNotConnect: string;
  /** End screen of a call one cancelled while it rang (one's own hang-up before anyone was in). */
  youCancelledCall: string;
  /** End screen of a call that failed because there is no camera or microphone to use (`media-no-device`). */
  mediaErrorNoDevice: string;
  /** End screen of a call that failed because another app holds the camera or microphone (`media-device-busy`). */
  mediaErrorDeviceBusy: string;
  /** End screen of an outgoing call that everyone declined, e.g. "Alice declined the call.". */
  callDeclined: (names: readonly string[], userIds: readonly UserId[]) => string;
  /** End screen of an outgoing call turned down because they were in another call, e.g. "Alice is in another call.". */
  callBusy: (names: readonly string[], userIds: readonly UserId[]) => string;
  /**
   * End screen (and live region) when callees tried to answer and could not (their camera or microphone would
   * not open, or the connection could not be set up), e.g. "Alice couldn’t join: their camera, microphone or
   * connection failed.".
   */
  callCouldNotAnswer: (names: readonly string[], userIds: readonly UserId[]) => string;
  /**
   * End screen (and live region) of callees the call could not reach (the address does not exist, or its server
   * could not be found), e.g. "Frank can’t be reached.".
   */
  callUnreachable: (names: readonly string[], userIds: readonly UserId[]) => string;
  /** End screen of a call that rang here until its caller hung up, e.g. "Alice hung up before you answered.". */
  callerHungUpBeforeAnswer: (name: string, userId: UserId) => string;
  /** End screen of a call that rang here until it timed out, e.g. "You missed a call from Alice.". */
  missedCallFrom: (name: string, userId: UserId) => string;
  /**
   * Call length on the end screen, e.g. "Duration 3:05": `formatted` by `duration`, and the length itself in ms for
   * a translation that words it with its plural forms ("Dauer: 1 Minute").
   */
  callDuration: (formatted: string, ms: number) => string;
  /**
   * A duration in ms as shown by the call's running time and, inside `callDuration`, by the end screen. Default
   * `m:ss` (`formatDuration`); e.g. `(ms) => formatDuration(ms).replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)])`.
   */
  duration: (ms: number) => string;
  /** Close the end screen. */
  close: string;
  /** Call the same people again. */
  callAgain: string;
}

/** A partial set of labels: only the keys to change (`endReasons` may be partial too). */
export type LabelOverrides = Partial<Omit<MeshcallLabels, 'endReasons'>> & {
  endReasons?: Partial<Record<CloseReason, string>> | undefined;
};

/**
 * `text` wrapped in Unicode's first-strong isolate (U+2068 … U+2069), so a name in another writing direction
 * than the sentence around it keeps its own order and does not pull the sentence's punctuation or numbers into
 * it ("Group call with محمد, علي and Bob"). Use it for names in the label functions of a translation, above all
 * a right-to-left one; invisible, and ignored by screen readers.
 */
export function bidiIsolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/**
 * A letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko, their presentation forms, and those
 * beyond the Basic Multilingual Plane such as Adlam and Hanifi Rohingya), or a bidi control character, which
 * would otherwise leak its direction into the sentence.
 */
const RIGHT_TO_LEFT =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u{10800}-\u{10fff}\u{1e800}-\u{1efff}\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * A name for an English sentence: isolated when it is written right to left (or holds bidi controls), as it is
 * otherwise.
 */
function nameIn(name: string): string {
  return RIGHT_TO_LEFT.test(name) ? bidiIsolate(name) : name;
}

function joinNames(names: readonly string[]): string {
  const shown = names.map(nameIn);
  if (shown.length <= 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** The English defaults. */
export const defaultLabels: MeshcallLabels = {
  tapToPlay: 'Tap to play',
  enableAudio: 'Turn on call sound',

  incomingCallTitle: (name) => `${nameIn(name)} is calling`,
  incomingAudioCall: 'Incoming audio call',
  incomingVideoCall: 'Incoming video call',
  groupCallInfo: (count, others) =>
    others.length > 0 ? `Group call with ${joinNames(others)} · ${count} people` : `Group call · ${count} people`,
  accept: 'Accept',
  acceptWithoutVideo: 'Accept without video',
  endAndAccept: 'End call and accept',
  endAndAcceptWithoutVideo: 'End call, accept without video',
  reject: 'Decline',

  callControls: 'Call controls',
  mute: 'Mute',
  cameraOff: 'Turn off camera',
  switchCamera: 'Switch camera',
  shareScreen: 'Share screen',
  hangUp: 'Leave call',
  deviceSettings: 'Devices',
  microphone: 'Microphone',
  camera: 'Camera',
  speaker: 'Speaker',
  systemDefault: 'System default',
  unnamedDevice: (select, position) => `${select} ${position}`,

  youSuffix: (name) => `${nameIn(name)} (you)`,
  microphoneMuted: 'Microphone muted',
  deviceUnavailable: 'Your camera or microphone isn’t available. Check that it’s connected and allowed.',
  deviceSwitched: 'Your camera or microphone was switched to another device.',
  speakerSwitched: 'Your speaker isn’t available. The call’s sound now plays on the system default.',
  screenShareFailed: 'Your screen couldn’t be shared. Try again, or choose another screen or window.',
  cameraIsOff: 'Camera off',
  presenting: 'Presenting',
  youArePresenting: 'You are presenting',
  ringing: 'Ringing…',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  poorConnection: 'Poor connection',
  connectionFailed: 'Connection failed',
  participants: 'Participants',
  pinParticipant: (name) => `Pin ${nameIn(name)}`,

  participantJoined: (name) => `${nameIn(name)} joined the call.`,
  participantLeft: (name) => `${nameIn(name)} left the call.`,
  participantNoAnswer: (name) => `${nameIn(name)} did not answer.`,
  participantReconnecting: (name) => `Reconnecting to ${nameIn(name)}…`,
  participantReconnected: (name) => `Reconnected to ${nameIn(name)}.`,
  participantLost: (name) => `Lost the connection to ${nameIn(name)}.`,
  participantCouldNotConnect: (name) => `Couldn’t connect to ${nameIn(name)}.`,
  participantPoorConnection: (name) => `Poor connection to ${nameIn(name)}.`,
  participantPresenting: (name) => `${nameIn(name)} is presenting.`,
  participantStoppedPresenting: (name) => `${nameIn(name)} stopped presenting.`,

  callTitle: (names) => joinNames(names),
  callingTitle: (names) => `Calling ${joinNames(names)}…`,
  outgoingAudioCall: 'Audio call',
  outgoingVideoCall: 'Video call',
  cancel: 'Cancel',
  reconnectingTitle: 'Reconnecting…',
  reconnectingDescription: 'The connection dropped. Trying to restore it.',
  callEnded: 'Call ended',
  callNotConnected: 'Call not connected',
  missedCall: 'Missed call',
  mediaErrorTitle: 'Can’t use your camera or microphone',
  endReasons: {
    hungUp: 'You left the call.',
    rejected: 'You declined the call.',
    remoteEnded: 'Everyone else left the call.',
    notAnswered: 'No answer.',
    noAction: 'You missed this call.',
    cancelled: 'The caller hung up.',
    answeredElsewhere: 'Answered on another device.',
    rejectedElsewhere: 'Declined on another device.',
    busy: 'You were busy in another call.',
    glare: 'You called each other at the same time; the other call continues.',
    mediaError:
      'Access was blocked or the device is in use. Allow camera and microphone in your browser’s site settings, then try again.',
    connectionLost: 'The connection was lost.',
    destroyed: 'The call was closed.',
  },
  callCouldNotConnect: 'The call couldn’t connect.',
  youCancelledCall: 'You cancelled the call.',
  mediaErrorNoDevice: 'No camera or microphone was found. Connect one, then try again.',
  mediaErrorDeviceBusy: 'Another app is using your camera or microphone. Close it, then try again.',
  callDeclined: (names) => `${joinNames(names)} declined the call.`,
  callBusy: (names) =>
    names.length === 1 ? `${joinNames(names)} is in another call.` : `${joinNames(names)} are in other calls.`,
  callCouldNotAnswer: (names) => `${joinNames(names)} couldn’t join: their camera, microphone or connection failed.`,
  callUnreachable: (names) => `${joinNames(names)} can’t be reached.`,
  callerHungUpBeforeAnswer: (name) => `${nameIn(name)} hung up before you answered.`,
  missedCallFrom: (name) => `You missed a call from ${nameIn(name)}.`,
  callDuration: (formatted) => `Duration ${formatted}`,
  duration: formatDuration,
  close: 'Close',
  callAgain: 'Call again',
};

const LabelsContext = /* @__PURE__ */ createContext<MeshcallLabels>(defaultLabels);

/** Props of {@link LabelsProvider}. */
export interface LabelsProviderProps {
  /** Labels to change for this subtree; merged over the labels of any outer provider. */
  labels: LabelOverrides;
  /** The subtree that sees these labels. */
  children?: ReactNode | undefined;
}

/** Overrides labels for every meshcall component below it (nestable). */
export function LabelsProvider({ labels, children }: LabelsProviderProps) {
  const outer = useContext(LabelsContext);
  const merged = useMergedLabels(outer, labels);
  return <LabelsContext.Provider value={merged}>{children}</LabelsContext.Provider>;
}

function useMergedLabels(base: MeshcallLabels, overrides: LabelOverrides | undefined): MeshcallLabels {
  const stable = useSameContent(overrides);
  return useMemo(() => {
    if (!stable) return base;
    // endReasons is the one nested record: merge it too, so overriding one reason keeps the others.
    const { endReasons, ...rest } = stable;
    return { ...base, ...definedOnly(rest), endReasons: { ...base.endReasons, ...definedOnly(endReasons ?? {}) } };
  }, [base, stable]);
}

/**
 * `overrides`, or the object last seen if it has the same entries: labels written inline (`labels={{ … }}`) are
 * a new object on every render, and must not re-render every component that reads them.
 */
function useSameContent(overrides: LabelOverrides | undefined): LabelOverrides | undefined {
  const last = useRef(overrides);
  if (!sameEntries(last.current, overrides)) last.current = overrides;
  return last.current;
}

function sameEntries(a: LabelOverrides | undefined, b: LabelOverrides | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a) as (keyof LabelOverrides)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) =>
    key === 'endReasons' ? shallowEqual(a.endReasons ?? {}, b.endReasons ?? {}) : Object.is(a[key], b[key]),
  );
}

/**
 * The entries of `record` that hold a value. A translation table with a missing entry (`{ reject: t.reject }`
 * where `t.reject` is undefined) keeps the default instead of blanking the label or breaking a function label.
 */
function definedOnly<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * The labels in effect: context labels with a component's own `labels` prop on top.
 * @param overrides - the component's `labels` prop, if any.
 */
export function useLabels(overrides?: LabelOverrides): MeshcallLabels {
  return useMergedLabels(useContext(LabelsContext), overrides);
}
