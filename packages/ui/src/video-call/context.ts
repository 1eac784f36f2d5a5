/**
 * What `<VideoCall>` hands down to its parts without props: the app's callbacks and settings. Kept in one
 * memoized value, so the parts re-render for it only when `<VideoCall>` itself got new props.
 */
import type { UserInfo } from '@meshcall/core';
import { createContext, type ReactNode, useContext } from 'react';
import type { ParticipantTileProps } from '../participant-tile/ParticipantTile.js';
import type { CallType, UserId } from '../types.js';
import type { CallFocus } from './focus.js';

/** What `getLocalStream` is asked for. */
export interface LocalStreamRequest {
  /** The session that needs media. */
  readonly sessionId: string | null;
  /** Audio or video call. */
  readonly callType: CallType;
  /** Whether the camera is wanted (false for "accept without video" and audio calls). */
  readonly video: boolean;
  /**
   * Aborted when the stream is no longer needed: once the call it was asked for is over, or at once if that
   * call ended before the stream arrived (the caller gave up while the camera prompt was open) or could not
   * start with it. Stopping the tracks on abort is all the cleanup a stream opened per call needs.
   */
  readonly signal: AbortSignal;
}

/** Which call a tile of `<VideoCall>` belongs to: pass `sessionId` to hooks such as `useParticipant(userId, sessionId)`. */
export interface VideoCallTileContext {
  /** The id of the call the tile belongs to. */
  readonly sessionId: string;
}

/** The props `<VideoCall>` renders a tile with, plus whose tile it is. */
export interface VideoCallTileProps extends ParticipantTileProps {
  /** The participant (the local user for the local tile). */
  readonly userId: UserId;
}

/** @internal The props of `<VideoCall>` that only its actions use. */
export interface VideoCallHandlers {
  readonly userInfo: UserInfo | undefined;
  readonly getLocalStream: ((request: LocalStreamRequest) => MediaStream | Promise<MediaStream>) | undefined;
  readonly onActionError: (error: unknown) => void;
}

/** @internal Settings shared by the parts of `<VideoCall>`. */
export interface VideoCallSettings {
  readonly getDisplayName: (userId: UserId) => string;
  readonly renderTile: ((tile: VideoCallTileProps, call: VideoCallTileContext) => ReactNode) | undefined;
  /**
   * The latest handler-only props, read when an action happens rather than when rendering: an app that
   * passes a new `userInfo` object on every render (inline) re-renders no tile.
   */
  readonly handlers: { readonly current: VideoCallHandlers };
  /** Where the focus goes as the screens change. */
  readonly focus: CallFocus;
  /** Errors already given to `onActionError` (a control's own failure, say), each reported once. */
  readonly reported: WeakSet<object>;
}

/** @internal */
export const VideoCallContext = /* @__PURE__ */ createContext<VideoCallSettings | null>(null);

/** @internal The settings of the enclosing `<VideoCall>`. */
export function useVideoCallSettings(): VideoCallSettings {
  const settings = useContext(VideoCallContext);
  if (!settings) throw new Error('meshcall: VideoCall parts must be rendered inside <VideoCall>.');
  return settings;
}
