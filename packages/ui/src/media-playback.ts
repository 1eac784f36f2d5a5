/** The latest `playMedia` of each element: the answer to an older one comes late and says nothing now. */
const attempts = new WeakMap<HTMLMediaElement, number>();

/**
 * Starts `element` and reports the autoplay policy's answer: `onBlocked(true)` when the browser refused to play
 * (`NotAllowedError`: no user gesture yet, or an audio session taken by a phone call), `onBlocked(false)` once it
 * plays. Any other rejection is not reported: an `AbortError` only means a newer load interrupted this `play()`.
 * Only the latest call's answer is reported: a first `play()` that succeeds after a later one was refused (a
 * loaded phone answers late) must not hide the refusal.
 */
export function playMedia(element: HTMLMediaElement, onBlocked: (blocked: boolean) => void): void {
  const attempt = (attempts.get(element) ?? 0) + 1;
  attempts.set(element, attempt);
  const latest = () => attempts.get(element) === attempt;
  element.play().then(
    () => {
      if (latest()) onBlocked(false);
    },
    (error: unknown) => {
      if (latest() && error instanceof DOMException && error.name === 'NotAllowedError') onBlocked(true);
    },
  );
}

/**
 * Calls `play` whenever the browser left `element` paused on its own, for as long as it is meant to play: the
 * element's `pause` event (meshcall never pauses what it plays), and the page coming back (`visibilitychange` to
 * visible, `pageshow` from the back/forward cache, `resume` after a freeze). Mobile browsers pause every media
 * element of a page sent to the background or interrupted by a phone call, and nothing plays them again:
 * `autoplay` only acts on load. While the page is hidden it waits for the page's return, since a backgrounded
 * page is paused again (or refused) at once.
 *
 * @returns Stops listening. Call it before detaching the element's source, so that its own pause is not fought.
 */
export function keepPlaying(element: HTMLMediaElement, play: () => void): () => void {
  const page = element.ownerDocument;
  const view = page.defaultView;
  const replay = () => {
    if (element.paused && page.visibilityState !== 'hidden') play();
  };
  element.addEventListener('pause', replay);
  page.addEventListener('visibilitychange', replay);
  page.addEventListener('resume', replay);
  view?.addEventListener('pageshow', replay);
  return () => {
    element.removeEventListener('pause', replay);
    page.removeEventListener('visibilitychange', replay);
    page.removeEventListener('resume', replay);
    view?.removeEventListener('pageshow', replay);
  };
}
