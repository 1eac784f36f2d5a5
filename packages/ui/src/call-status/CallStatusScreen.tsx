import { type ReactNode, useId } from 'react';
import { actionButton } from '../action-button.js';
import { Avatar } from '../avatar/Avatar.js';
import { cx } from '../classes.js';
import { Icon } from '../icons.js';
import { type LabelOverrides, type MeshcallLabels, useLabels } from '../labels.js';
import { type CallType, type CloseReason, defaultDisplayName, type UserId } from '../types.js';

/** Props of {@link CallStatusScreen}. */
export interface CallStatusScreenProps {
  /** Which status this is; drives styling (`meshcall-status--<tone>`). */
  tone: 'calling' | 'reconnecting' | 'ended' | 'error';
  /** Headline. */
  title: string;
  /** Detail text under the headline. */
  description?: ReactNode | undefined;
  /** Visual above the headline (avatar, spinner, icon). */
  visual?: ReactNode | undefined;
  /** Buttons under the text. */
  actions?: ReactNode | undefined;
  /**
   * Whether screen readers announce it politely (`status`) or at once (`alert`), or not at all (`off`: the app
   * announces it through a live region that was in the page before, as `<VideoCall>` does). Default `status`.
   */
  live?: 'status' | 'alert' | 'off' | undefined;
  /** Extra class. */
  className?: string | undefined;
}

/**
 * A full-stage status panel (calling, reconnecting, ended): visual, headline, detail and actions. It is a
 * live region, so a status change is announced (see `live`). Use the ready-made {@link OutgoingCallScreen},
 * {@link ReconnectingScreen} and {@link CallEndedScreen}, or compose your own.
 */
export function CallStatusScreen({
  tone,
  title,
  description,
  visual,
  actions,
  live = 'status',
  className,
}: CallStatusScreenProps) {
  const titleId = useId();
  return (
    <section
      aria-labelledby={titleId}
      className={cx('meshcall', 'meshcall-status', `meshcall-status--${tone}`, className)}
    >
      <div role={live === 'off' ? undefined : live} className="meshcall-status__body">
        {visual && <div className="meshcall-status__visual">{visual}</div>}
        <h2 id={titleId} className="meshcall-status__title">
          {title}
        </h2>
        {description && <div className="meshcall-status__description">{description}</div>}
      </div>
      {actions && <div className="meshcall-status__actions">{actions}</div>}
    </section>
  );
}

/** Props of {@link OutgoingCallScreen}. */
export interface OutgoingCallScreenProps {
  /** Who is being called (the session's `opponents`). */
  calleeIds: readonly UserId[];
  /** Audio or video. */
  callType: CallType;
  /** Cancel the call (e.g. `session.hangUp()`). */
  onCancel: () => void;
  /** Turns a user id into a display name. Default: the JID's local part, capitalized. */
  getDisplayName?: ((userId: UserId) => string) | undefined;
  /** Picture of the (first) callee. */
  avatarUrl?: string | undefined;
  /**
   * Whether the screen is a live region, announced as it appears. Default `true`. `false` when the app says it
   * through a live region that was in the page before (a region that arrives with its message may not be read).
   */
  announce?: boolean | undefined;
  /** Label overrides. */
  labels?: LabelOverrides | undefined;
  /** Extra class. */
  className?: string | undefined;
}

/** The caller's "Calling Alice…" screen with a pulsing avatar and a Cancel button. */
export function OutgoingCallScreen({
  calleeIds,
  callType,
  onCancel,
  getDisplayName = defaultDisplayName,
  avatarUrl,
  announce = true,
  labels: overrides,
  className,
}: OutgoingCallScreenProps) {
  const labels = useLabels(overrides);
  const names = calleeIds.map(getDisplayName);
  return (
    <CallStatusScreen
      tone="calling"
      live={announce ? 'status' : 'off'}
      className={className}
      title={labels.callingTitle(names, calleeIds)}
      visual={
        <span className="meshcall-status__avatars">
          {names.length === 1 && <span className="meshcall-ripple" aria-hidden="true" />}
          {names.slice(0, 3).map((name, index) => (
            <Avatar
              key={calleeIds[index]}
              name={name}
              imageUrl={index === 0 ? avatarUrl : undefined}
              size={names.length > 1 ? 64 : 96}
            />
          ))}
        </span>
      }
      description={
        <p className="meshcall-status__kind">
          <Icon name={callType === 'video' ? 'video' : 'phone'} size={16} />
          {callType === 'video' ? labels.outgoingVideoCall : labels.outgoingAudioCall}
        </p>
      }
      actions={actionButton('danger', 'phoneOff', labels.cancel, onCancel)}
    />
  );
}

/** Props of {@link ReconnectingScreen}. */
export interface ReconnectingScreenProps {
  /** Optional action, e.g. a hang-up button. */
  actions?: ReactNode | undefined;
  /** Label overrides. */
  labels?: LabelOverrides | undefined;
  /** Render as a translucent overlay over the call (default) or as an opaque screen. */
  overlay?: boolean | undefined;
  /**
   * Whether the screen is a live region, announced as it appears. Default `true`. `false` when the app says it
   * through a live region that was in the page before (a region that arrives with its message may not be read).
   */
  announce?: boolean | undefined;
  /** Extra class. */
  className?: string | undefined;
}

/** "Reconnecting…" with a spinner, shown while every link is down and an ICE restart is being tried. */
export function ReconnectingScreen({
  actions,
  labels: overrides,
  overlay = true,
  announce = true,
  className,
}: ReconnectingScreenProps) {
  const labels = useLabels(overrides);
  return (
    <CallStatusScreen
      tone="reconnecting"
      live={announce ? 'status' : 'off'}
      className={cx(overlay && 'meshcall-status--overlay', className)}
      title={labels.reconnectingTitle}
      description={<p>{labels.reconnectingDescription}</p>}
      visual={<span className="meshcall-spinner meshcall-spinner--large" aria-hidden="true" />}
      actions={actions}
    />
  );
}

/** Props of {@link CallEndedScreen}. */
export interface CallEndedScreenProps {
  /** Why the call ended (the session's `closeReason`); selects the explanation text. */
  reason?: CloseReason | null | undefined;
  /** Replace the explanation text. */
  description?: ReactNode | undefined;
  /** How long the call lasted, in ms; shown when given. */
  durationMs?: number | undefined;
  /**
   * The call never connected (declined, busy, no answer, missed, cancelled): titled "Call not connected", or
   * "Missed call" for a call that rang here unanswered, instead of "Call ended".
   */
  neverConnected?: boolean | undefined;
  /**
   * What ended the call, for a `mediaError` (a session's `closeError`): its `code` picks the advice, as a
   * missing device, one another app holds, and blocked access each need their own fix.
   */
  error?: { readonly code: string } | null | undefined;
  /** Close the screen. The button is shown when given. */
  onClose?: (() => void) | undefined;
  /** Call the same people again. The button is shown when given. */
  onCallAgain?: (() => void) | undefined;
  /**
   * Whether the screen is a live region, announced as it appears. Default `true`. `false` when the app says it
   * through a live region that was in the page before (a region that arrives with its message may not be read).
   */
  announce?: boolean | undefined;
  /** Label overrides. */
  labels?: LabelOverrides | undefined;
  /** Extra class. */
  className?: string | undefined;
}

const ERROR_REASONS: ReadonlySet<CloseReason> = /* @__PURE__ */ new Set<CloseReason>(['mediaError', 'connectionLost']);

/** @internal Whether a call that ended for `reason` failed (rather than ended as people meant it to). */
export function isFailure(reason: CloseReason | null): boolean {
  return reason !== null && ERROR_REASONS.has(reason);
}

/** @internal The end screen's headline. */
export function endedTitle(reason: CloseReason | null, neverConnected: boolean, labels: MeshcallLabels): string {
  if (reason === 'mediaError') return labels.mediaErrorTitle;
  if (!neverConnected) return labels.callEnded;
  return reason === 'noAction' ? labels.missedCall : labels.callNotConnected;
}

/**
 * @internal The end screen's words for `reason`, with the advice `error` (what ended a `mediaError`) calls for;
 * a call `neverConnected` did not lose its connection, it never had one.
 */
export function endedText(
  reason: CloseReason | null,
  error: { readonly code: string } | null | undefined,
  labels: MeshcallLabels,
  neverConnected = false,
): string | null {
  if (reason === 'mediaError' && error?.code === 'media-no-device') return labels.mediaErrorNoDevice;
  if (reason === 'mediaError' && error?.code === 'media-device-busy') return labels.mediaErrorDeviceBusy;
  if (reason === 'connectionLost' && neverConnected) return labels.callCouldNotConnect;
  return reason ? labels.endReasons[reason] : null;
}

/**
 * "Call ended" with the reason in words ("No answer.", "The connection was lost.", permission problems…),
 * the duration, and Close / Call again. Failures (`mediaError`, `connectionLost`) are styled as errors and
 * announced as an alert.
 */
export function CallEndedScreen({
  reason = null,
  description,
  durationMs,
  neverConnected = false,
  error,
  onClose,
  onCallAgain,
  announce = true,
  labels: overrides,
  className,
}: CallEndedScreenProps) {
  const labels = useLabels(overrides);
  const isError = isFailure(reason);
  const text = description ?? endedText(reason, error, labels, neverConnected);
  return (
    <CallStatusScreen
      tone={isError ? 'error' : 'ended'}
      live={!announce ? 'off' : isError ? 'alert' : 'status'}
      className={className}
      title={endedTitle(reason, neverConnected, labels)}
      visual={
        <span className="meshcall-status__icon">
          <Icon name={isError ? 'alert' : 'phoneOff'} size={36} />
        </span>
      }
      description={
        <>
          {text && <p>{text}</p>}
          {durationMs !== undefined && (
            <p className="meshcall-status__duration">{labels.callDuration(labels.duration(durationMs), durationMs)}</p>
          )}
        </>
      }
      actions={
        onClose || onCallAgain ? (
          <>
            {onClose && (
              <button type="button" className="meshcall-pill-button" onClick={onClose}>
                {labels.close}
              </button>
            )}
            {onCallAgain && (
              <button type="button" className="meshcall-pill-button meshcall-pill-button--accept" onClick={onCallAgain}>
                <Icon name="phone" size={18} />
                {labels.callAgain}
              </button>
            )}
          </>
        ) : undefined
      }
    />
  );
}
