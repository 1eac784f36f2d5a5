import { type KeyboardEvent, type MouseEvent, useEffect, useId, useRef, useState } from 'react';
import { actionButton } from '../action-button.js';
import { Avatar } from '../avatar/Avatar.js';
import { cx } from '../classes.js';
import { Icon } from '../icons.js';
import { type LabelOverrides, useLabels } from '../labels.js';
import { type CallType, defaultDisplayName, type UserId } from '../types.js';
import { type RingtoneSource, startRingtone } from './ringtone.js';

/** Props of {@link IncomingCallDialog}. */
export interface IncomingCallDialogProps {
  /** Who is calling (the session's `initiator`). */
  callerId: UserId;
  /** Audio or video call (the session's `callType`). */
  callType: CallType;
  /**
   * Everyone in the call except the local user, caller included (the session's `opponents`). More than
   * one makes it a group call, shown with the number of people and the other invitees' names.
   */
  opponents?: readonly UserId[] | undefined;
  /** Turns a user id into a display name. Default: the JID's local part, capitalized. */
  getDisplayName?: ((userId: UserId) => string) | undefined;
  /**
   * Show the caller's address (bare JID) under the name, as a phone shows the number under a contact's name.
   * Default `true`: anyone on any XMPP server can ring, and `alice@elsewhere.example` must not pass for your
   * contact Alice. Set `false` only when `getDisplayName` already tells callers apart by address.
   */
  showCallerAddress?: boolean | undefined;
  /** Picture of the caller; initials are shown without it. */
  callerAvatarUrl?: string | undefined;
  /** Accept the call (with the camera on for video calls). */
  onAccept: () => void;
  /** Accept a video call with the camera off. The button is shown only for video calls when this is given. */
  onAcceptWithoutVideo?: (() => void) | undefined;
  /** Decline the call. */
  onReject: () => void;
  /** The user is in another call, which answering ends: the accept buttons say so. Default `false`. */
  endsCurrentCall?: boolean | undefined;
  /**
   * Ring while the dialog is shown: a URL of an audio file (looped), or `true` for a built-in Web Audio
   * tone. Stops when the dialog unmounts. Default: silent.
   */
  ringtone?: RingtoneSource | false | undefined;
  /**
   * Audio output device (`MediaDeviceInfo.deviceId` of an `audiooutput`) for the ringtone: give the speaker the
   * calls play on, so the ring is heard where the call will be. Default: the system output, which also rings
   * when this device cannot be used.
   */
  sinkId?: string | undefined;
  /**
   * Whether Escape declines the call. Default `true`: an alert dialog must be dismissible from the
   * keyboard, and dismissing an incoming call means declining it (a dismissed-but-ringing call would
   * leave the caller waiting with no way back to the dialog). Set `false` to make Escape do nothing.
   */
  rejectOnEscape?: boolean | undefined;
  /**
   * For this many ms after the dialog opens, its buttons and Escape ignore input, so a click or key press meant
   * for what was there before cannot answer a call the user has not seen. Default 0, but at least 500 when the
   * dialog opened while the user was typing: it takes the focus, and the next Enter of a chat message would
   * otherwise accept the call, camera on.
   */
  inputDelay?: number | undefined;
  /** Label overrides for this component. */
  labels?: LabelOverrides | undefined;
  /** Extra class for the dialog card. */
  className?: string | undefined;
}

const FOCUSABLE = 'button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

/** How long input is ignored when the dialog opens under a user's typing (as browsers' permission prompts do). */
const TYPING_INPUT_DELAY_MS = 500;

/** Whether the user is typing: the focus is in a text field or an editable element. */
function isTyping(): boolean {
  if (typeof document === 'undefined') return false;
  const focused = document.activeElement;
  if (!(focused instanceof HTMLElement)) return false;
  if (focused.isContentEditable || focused instanceof HTMLTextAreaElement) return true;
  return (
    focused instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(focused.type)
  );
}

/**
 * A modal alert dialog for a ringing call: who calls, audio or video, group details, and Accept /
 * Accept without video / Decline.
 *
 * Accessibility: `role="alertdialog"` with `aria-modal`, labelled by the headline and described by the
 * call details, so screen readers announce it at once. Focus moves to Accept when it opens, Tab cycles
 * inside the dialog, Escape declines (see `rejectOnEscape`), and focus returns to where it was when the
 * dialog closes. Every action is a real `<button>`.
 */
export function IncomingCallDialog({
  callerId,
  callType,
  opponents = [],
  getDisplayName = defaultDisplayName,
  showCallerAddress = true,
  callerAvatarUrl,
  onAccept,
  onAcceptWithoutVideo,
  onReject,
  endsCurrentCall = false,
  ringtone = false,
  sinkId,
  rejectOnEscape = true,
  inputDelay = 0,
  labels: overrides,
  className,
}: IncomingCallDialogProps) {
  const labels = useLabels(overrides);
  const titleId = useId();
  const descriptionId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const acceptRef = useRef<HTMLButtonElement>(null);
  // Read once, as the dialog opens (before it takes the focus).
  const [openedAt] = useState(() => performance.now());
  const [delay] = useState(() => Math.max(inputDelay, isTyping() ? TYPING_INPUT_DELAY_MS : 0));
  /** `action`, unless it comes too soon after the dialog opened to be meant for it. */
  const whenSeen = (action: () => void) => () => {
    if (performance.now() - openedAt >= delay) action();
  };

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    acceptRef.current?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  useEffect(() => {
    if (ringtone === false) return;
    const ring = startRingtone(ringtone, { sinkId });
    return () => ring.stop();
  }, [ringtone, sinkId]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      if (rejectOnEscape) {
        event.stopPropagation();
        whenSeen(onReject)();
      }
      return;
    }
    if (event.key !== 'Tab') return;
    const focusable = Array.from(dialogRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  // A press on the backdrop or on the card's text would move focus to <body>, outside this modal dialog, from
  // where Tab reaches the page behind it and Escape no longer declines: focus stays where it is instead.
  const keepFocus = (event: MouseEvent<HTMLDivElement>) => {
    if (!(event.target instanceof Element) || !event.target.closest(FOCUSABLE)) event.preventDefault();
  };

  const callerName = getDisplayName(callerId);
  const isGroup = opponents.length > 1;
  const otherIds = opponents.filter((id) => id !== callerId);
  const others = otherIds.map(getDisplayName);
  const isVideo = callType === 'video';

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: not an interaction; it keeps focus inside the dialog.
    <div className="meshcall meshcall-backdrop" onMouseDown={keepFocus}>
      <div
        ref={dialogRef}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        className={cx('meshcall-card', 'meshcall-incoming', className)}
        onKeyDown={onKeyDown}
      >
        <div className="meshcall-incoming__avatar">
          <span className="meshcall-ripple" aria-hidden="true" />
          <Avatar name={callerName} imageUrl={callerAvatarUrl} size={88} />
        </div>
        <h2 id={titleId} className="meshcall-incoming__title">
          {labels.incomingCallTitle(callerName, callerId)}
        </h2>
        <div id={descriptionId} className="meshcall-incoming__details">
          {showCallerAddress && callerName.toLowerCase() !== callerId.toLowerCase() && (
            <p className="meshcall-incoming__address" dir="auto">
              {callerId}
            </p>
          )}
          <p className="meshcall-incoming__kind">
            <Icon name={isVideo ? 'video' : 'phone'} size={16} />
            {isVideo ? labels.incomingVideoCall : labels.incomingAudioCall}
          </p>
          {isGroup && (
            <p className="meshcall-incoming__group">
              <Icon name="users" size={16} />
              {labels.groupCallInfo(opponents.length + 1, others, otherIds)}
            </p>
          )}
        </div>
        <div className="meshcall-incoming__actions">
          {actionButton('danger', 'phoneOff', labels.reject, whenSeen(onReject))}
          {isVideo &&
            onAcceptWithoutVideo &&
            actionButton(
              'neutral',
              'cameraOff',
              endsCurrentCall ? labels.endAndAcceptWithoutVideo : labels.acceptWithoutVideo,
              whenSeen(onAcceptWithoutVideo),
            )}
          {actionButton(
            'accept',
            isVideo ? 'video' : 'phone',
            endsCurrentCall ? labels.endAndAccept : labels.accept,
            whenSeen(onAccept),
            acceptRef,
          )}
        </div>
      </div>
    </div>
  );
}
