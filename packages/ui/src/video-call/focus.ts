/**
 * Where the focus goes as `<VideoCall>` changes screens. A screen that replaces the one holding the focus (the
 * dialog answered, Leave call, Close, Call again) would drop it to `<body>`, where the next Tab starts from
 * the top of the page and a screen reader says nothing. So:
 * - a call screen takes it: the controls of a call, the first button of "Calling…" and of the end screen.
 *   After a click it goes to the call as a whole instead, so a mouse user gets no focus ring and no tooltip
 *   over the stage they did not ask for (Chromium shows both when a script moves the focus after a click on
 *   a button it had focused itself, as the dialog's Accept);
 * - back to no call, it returns to where it was before the call (the app's own button), or to the first
 *   thing to focus in the `idle` content, which replaced what had it, or else to the call area itself;
 * - focus the user has put elsewhere (the app's chat) is left alone, except after answering in the dialog:
 *   the dialog gives the focus back to where it was when the call rang, but the user went to the call;
 * - focus lost on the same screen, because what held it went away (a participant's tile as they leave, a
 *   control hidden or covered by "Reconnecting…", the dialog closing when what it would give the focus back to
 *   is gone), goes where that screen would put it. Chromium tells of it with a `focusout` to nowhere.
 */
import { type RefObject, useEffect, useMemo, useRef } from 'react';

/** The screens of `<VideoCall>`. */
export type VideoCallScreen = 'idle' | 'calling' | 'call' | 'ended';

/** The first thing a keyboard user needs on each screen. */
const TARGETS: Record<Exclude<VideoCallScreen, 'idle'>, string> = {
  call: '.meshcall-layout__controls button',
  calling: '.meshcall-status__actions button',
  ended: '.meshcall-status__actions button',
};

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** What the screens of `<VideoCall>` may ask of its focus handling. */
export interface CallFocus {
  /** The user answered `sessionId`: when it comes on screen, it takes the focus, wherever the focus is by then. */
  readonly followAnswer: (sessionId: string) => void;
}

/**
 * Moves the focus when `screen` (or the call on it) changes, as the module comment says. `root` is the
 * element holding the screens; it must be focusable from script (`tabIndex={-1}`). `dialog` holds this call
 * area's incoming-call dialog (another `<VideoCall>` on the page has its own).
 */
export function useCallFocus(
  root: RefObject<HTMLElement | null>,
  dialog: RefObject<HTMLElement | null>,
  screen: VideoCallScreen,
  sessionId: string | null,
): CallFocus {
  const lastInput = useRef<'keyboard' | 'pointer'>('keyboard');
  /** The element of the call area or of its dialog that has (or last had) the focus. */
  const ours = useRef<HTMLElement | null>(null);
  /** The last element focused while there was no call: where the focus goes back to. */
  const beforeCall = useRef<HTMLElement | null>(null);
  /** The call the user answered last, until it comes on screen. */
  const answered = useRef<string | null>(null);
  const shown = useRef(screen);
  shown.current = screen;
  /** The screen and call the focus was last placed for: StrictMode runs the effect twice for the same one. */
  const placedFor = useRef<string | null>(null);

  useEffect(() => {
    // The call area's own focus ring follows the last input, like :focus-visible (see styles.css).
    const inputWas = (input: 'keyboard' | 'pointer') => {
      lastInput.current = input;
      if (root.current) root.current.dataset.focusFrom = input;
    };
    inputWas(lastInput.current);
    const isOurs = (target: EventTarget | null): boolean =>
      target instanceof Node && (root.current?.contains(target) === true || dialog.current?.contains(target) === true);
    /** Since the last focus change, the user pressed outside the call: where the focus goes is theirs to say. */
    let pressedElsewhere = false;
    const onKeyDown = () => inputWas('keyboard');
    const onPointerDown = (event: PointerEvent) => {
      inputWas('pointer');
      pressedElsewhere = !isOurs(event.target);
    };
    let rescue: ReturnType<typeof setTimeout> | undefined;
    const onFocusIn = (event: FocusEvent) => {
      const target = event.target;
      if (!(target instanceof HTMLElement)) return;
      pressedElsewhere = false;
      ours.current = isOurs(target) ? target : null;
      // Not the incoming-call dialog's buttons: it comes and goes over whatever had the focus.
      if (shown.current !== 'idle' || target.closest('[role="alertdialog"]')) return;
      beforeCall.current = target;
    };
    const onFocusOut = (event: FocusEvent) => {
      const had = event.target;
      if (event.relatedTarget !== null || had !== ours.current || !(had instanceof HTMLElement)) return;
      if (pressedElsewhere) return; // a click on the page, which closed what held the focus (a device menu)
      // After the screen's own placement (a React effect), which may have put the focus somewhere already.
      clearTimeout(rescue);
      rescue = setTimeout(() => {
        const container = root.current;
        const focused = document.activeElement;
        if (!container || (focused !== null && focused !== document.body) || canTakeFocus(had)) return;
        placeFocus(container, shown.current, lastInput.current, beforeCall.current);
      }, 0);
    };
    document.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      clearTimeout(rescue);
      document.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, [root, dialog]);

  useEffect(() => {
    const key = `${screen} ${sessionId ?? ''}`;
    const first = placedFor.current === null;
    if (key === placedFor.current) return;
    placedFor.current = key;
    // A page that opens on "no call" keeps its focus where the page put it.
    if (first && screen === 'idle') return;
    const container = root.current;
    const focused = document.activeElement;
    // On the call area itself it is ours to move on (it was put there for want of anything else).
    const lost = focused === null || focused === document.body || focused === container;
    // Only the call that was answered: one that could not be (no camera) must not pull the focus later.
    const follow = screen !== 'idle' && sessionId !== null && answered.current === sessionId;
    if (follow) answered.current = null;
    if (!container || (!lost && !follow)) return;
    placeFocus(container, screen, lastInput.current, beforeCall.current);
  }, [root, screen, sessionId]);

  return useMemo(
    () => ({
      followAnswer: (sessionId) => {
        answered.current = sessionId;
      },
    }),
    [],
  );
}

/** Puts the focus where `screen` wants it (see the module comment), in `container`, the call area. */
function placeFocus(
  container: HTMLElement,
  screen: VideoCallScreen,
  lastInput: 'keyboard' | 'pointer',
  beforeCall: HTMLElement | null,
): void {
  if (screen === 'idle') {
    // With nothing to go back to, the (empty) call area: the next Tab goes on from here, not from the top.
    const back = beforeCall && canTakeFocus(beforeCall) ? beforeCall : container.querySelector<HTMLElement>(FOCUSABLE);
    (back ?? container).focus();
    return;
  }
  if (lastInput === 'pointer') {
    // The call area as a whole: no reason to scroll the page for it.
    container.focus({ preventScroll: true });
    return;
  }
  // Scrolled into view if it has to be (a short screen, zoomed in): the focus must be seen where it is.
  container.querySelector<HTMLElement>(TARGETS[screen])?.focus();
}

/** Whether `element` can hold the focus now: in the page, shown, not inert nor disabled. */
function canTakeFocus(element: HTMLElement): boolean {
  if (!element.isConnected || element.closest('[inert]') || element.matches(':disabled')) return false;
  return typeof element.checkVisibility === 'function'
    ? element.checkVisibility()
    : element.getClientRects().length > 0;
}
