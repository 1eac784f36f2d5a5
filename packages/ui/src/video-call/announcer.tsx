/**
 * What screen readers hear of `<VideoCall>`: two live regions, one polite and one assertive, in the page from
 * the moment `<VideoCall>` mounts. Its screens put their sentences in them ("Calling Bob…", "Call ended. Bob
 * left the call.", "Reconnecting…", who joined and left) instead of being live regions themselves: a region
 * that arrives together with its message is often not read at all (WCAG 4.1.3; technique ARIA22 asks for the
 * region to be there first).
 *
 * Each sentence is a node of its own, added after the others: a screen reader reads each addition, so news that
 * comes together is all read, and the same words twice (a link dropping again) are read twice.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';

/** How a sentence is read: after what the screen reader is saying (`polite`), or at once (`assertive`). */
export type Urgency = 'polite' | 'assertive';

/** Puts a sentence in the live region of its urgency. */
export type Announce = (text: string, urgency?: Urgency) => void;

/** How many recent sentences each region keeps (older ones have been read). */
const KEPT = 4;

const AnnounceContext = /* @__PURE__ */ createContext<Announce | null>(null);

/** The announcing function of the enclosing `<VideoCall>`. */
export function useAnnounce(): Announce {
  const announce = useContext(AnnounceContext);
  if (!announce) throw new Error('meshcall: VideoCall parts must be rendered inside <VideoCall>.');
  return announce;
}

/** Announces `text` when the component mounts and whenever `text` changes; nothing while it is `null`. */
export function useAnnouncement(text: string | null, urgency: Urgency = 'polite'): void {
  const announce = useAnnounce();
  // Once per text: StrictMode's second run of the effect, or new labels with the same words, say nothing new.
  const told = useRef<string | null>(null);
  useEffect(() => {
    if (text === null || text === told.current) return;
    told.current = text;
    announce(text, urgency);
  }, [announce, text, urgency]);
}

interface Told {
  readonly id: number;
  readonly text: string;
}

/** Provides {@link useAnnounce} to `children` and renders the two (visually hidden) live regions after them. */
export function Announcer({ children }: { children: ReactNode }) {
  const [polite, setPolite] = useState<readonly Told[]>([]);
  const [assertive, setAssertive] = useState<readonly Told[]>([]);
  const count = useRef(0);
  const announce = useCallback<Announce>((text, urgency = 'polite') => {
    const entry = { id: ++count.current, text };
    (urgency === 'polite' ? setPolite : setAssertive)((previous) => [...previous, entry].slice(-KEPT));
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div role="status" className="meshcall-visually-hidden">
        {polite.map((entry) => (
          <p key={entry.id}>{entry.text}</p>
        ))}
      </div>
      <div role="alert" className="meshcall-visually-hidden">
        {assertive.map((entry) => (
          <p key={entry.id}>{entry.text}</p>
        ))}
      </div>
    </AnnounceContext.Provider>
  );
}
