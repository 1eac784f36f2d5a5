/**
 * The playground page: the local user's `<VideoCall>` as the main view and, optionally, the control panel of
 * the simulated participants. Also the harness of the `<VideoCall>` state stories: a `script` drives the
 * simulation into the state the story shows.
 */
import { CallProvider } from '@meshcall/hooks';
import { type ReactNode, useEffect, useState } from 'react';
import { me, people } from '../stories-support/people.js';
import { VideoCall, type VideoCallProps } from '../video-call/VideoCall.js';
import { ControlPanel } from './ControlPanel.js';
import { CallPlayground, type CallPlaygroundOptions, isPlaygroundAbort, type PlaygroundPerson } from './simulation.js';
import './playground.css';

/** The local user and the three simulated participants of the stories. */
export const playgroundLocal: PlaygroundPerson = me;
export const playgroundPeople: readonly PlaygroundPerson[] = people.slice(0, 3);

/** Props of {@link PlaygroundView}. */
export interface PlaygroundViewProps extends Partial<CallPlaygroundOptions> {
  /** Show the control panel. Default `true`. */
  panel?: boolean;
  /** Drives the simulation once it exists (e.g. "Alice calls you"). */
  script?: (playground: CallPlayground) => Promise<void> | void;
  /** Props for the local user's `<VideoCall>`. */
  videoCall?: Partial<VideoCallProps>;
}

/**
 * Creates a playground for as long as the component is mounted (StrictMode's double mount gets a fresh one),
 * and disposes it on unmount.
 */
function usePlayground(options: CallPlaygroundOptions, script: PlaygroundViewProps['script']): CallPlayground | null {
  const [playground, setPlayground] = useState<CallPlayground | null>(null);
  // Options and script are read once: a story's world is set up when it mounts.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above.
  useEffect(() => {
    const created = new CallPlayground(options);
    setPlayground(created);
    return () => {
      setPlayground(null);
      void created.dispose();
    };
  }, []);
  // The script runs once per playground. One still waiting when the playground is disposed (the story was
  // left) is ended with an abort: nothing went wrong, so nothing is reported.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above.
  useEffect(() => {
    if (!playground || !script) return;
    Promise.resolve()
      .then(() => script(playground))
      .catch((error: unknown) => {
        if (!isPlaygroundAbort(error)) console.error(error);
      });
  }, [playground]);
  return playground;
}

/** The playground page. */
export function PlaygroundView({ panel = true, script, videoCall, ...options }: PlaygroundViewProps) {
  const playground = usePlayground({ local: playgroundLocal, people: playgroundPeople, ...options }, script);
  if (!playground) return null;
  return (
    <CallProvider client={playground.client}>
      <div className="pg-page" data-panel={panel}>
        <main className="pg-main" aria-label="Your call">
          <VideoCall
            getDisplayName={playground.displayName}
            getLocalStream={playground.localStream}
            userInfo={USER_INFO}
            idle={<Idle />}
            {...videoCall}
          />
        </main>
        {panel && <ControlPanel playground={playground} />}
      </div>
    </CallProvider>
  );
}

const USER_INFO = { name: playgroundLocal.name };

function Idle(): ReactNode {
  return (
    <div className="pg-idle">
      <p className="pg-idle__title">No call right now</p>
      <p className="pg-idle__text">Start one from the panel, or have someone call you.</p>
    </div>
  );
}
