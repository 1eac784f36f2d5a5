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
export interface PlaygroundViewProps extends Partial<Omit<CallPlaygroundOptions, 'local' | 'people'>> {
  /** How many simulated participants there are: the first 1–3 of {@link playgroundPeople}. Default 3. */
  people?: number;
  /** Show the control panel. Default `true`. */
  panel?: boolean;
  /** Drives the simulation once it exists (e.g. "Alice calls you"); runs again for each new world. */
  script?: (playground: CallPlayground) => Promise<void> | void;
  /** Props for the local user's `<VideoCall>`. */
  videoCall?: Partial<VideoCallProps>;
}

/**
 * Creates a playground for as long as the component is mounted (StrictMode's double mount gets a fresh one),
 * and disposes it on unmount. Storybook's Controls re-render the story with new args: a change of what the
 * world is made of (its people, timeouts, delays) builds a new world, while a change of who answers how is
 * made in place, so that a call in progress goes on. Both are compared by content, as args are new objects
 * on every render. Gives `null` while the world being shown is not the one asked for.
 */
function usePlayground(options: CallPlaygroundOptions, script: PlaygroundViewProps['script']): CallPlayground | null {
  const [current, setCurrent] = useState<{ playground: CallPlayground; world: string } | null>(null);
  const { autoAnswer, ...made } = options;
  const world = JSON.stringify(Object.entries(made).sort(([a], [b]) => (a < b ? -1 : 1)));
  const answers = JSON.stringify(autoAnswer ?? {});
  // Built from the options of the render that asked for this world.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `world` stands for the options by content.
  useEffect(() => {
    const created = new CallPlayground(options);
    setCurrent({ playground: created, world });
    return () => {
      setCurrent(null);
      void created.dispose();
    };
  }, [world]);
  const playground = current?.world === world ? current.playground : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `answers` stands for `autoAnswer` by content.
  useEffect(() => {
    if (!playground) return;
    for (const { id, autoAnswer: mode } of playground.participants()) {
      const wanted = autoAnswer?.[id] ?? 'manual';
      if (mode !== wanted) playground.setAutoAnswer(id, wanted);
    }
  }, [playground, answers]);
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
export function PlaygroundView({ people = 3, panel = true, script, videoCall, ...options }: PlaygroundViewProps) {
  const simulated = playgroundPeople.slice(0, Math.min(Math.max(Math.round(people), 1), playgroundPeople.length));
  const playground = usePlayground({ local: playgroundLocal, people: simulated, ...options }, script);
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
