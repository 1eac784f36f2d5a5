/**
 * The playground's control panel: start a call to some of the simulated participants, and make each of them
 * accept, decline, not answer, mute, talk, share a screen, leave, lose the network, call you, or be busy in another call.
 */
import type { CallType, PeerState, UserId } from '@meshcall/core';
import { useCallStore } from '@meshcall/hooks';
import { useId, useState, useSyncExternalStore } from 'react';
import { Avatar } from '../avatar/Avatar.js';
import type { AutoAnswer, CallPlayground, SimulatedParticipant, SimulatedStatus } from './simulation.js';

const STATUS_TEXT: Record<SimulatedStatus, string> = {
  idle: 'Available',
  ringing: 'Ringing',
  calling: 'Calling you',
  'in-call': 'In the call',
  busy: 'In another call',
  offline: 'Network lost',
};

/**
 * A participant's link to you in words, after "In the call" (nothing while it is up): the card is read by
 * designers, not by engine developers. Every state is named, so a new one fails the type check.
 */
const LINK_TEXT: Record<PeerState, string> = {
  connected: '',
  unknown: 'connecting',
  new: 'connecting',
  pending: 'connecting',
  connecting: 'connecting',
  checking: 'connecting',
  wait: 'ringing you',
  disconnected: 'reconnecting',
  disconnectTimeout: 'connection lost',
  failed: 'connection failed',
  error: 'connection failed',
  closed: 'you left',
  hungUp: 'you left',
  rejected: 'you declined',
  notAnswered: 'you didn’t answer',
  unreachable: 'can’t reach you',
};

const AUTO_ANSWER_TEXT: Record<AutoAnswer, string> = {
  manual: 'Ask me (buttons below)',
  accept: 'Accept',
  reject: 'Decline',
  ignore: 'Don’t answer',
};

const ignore = () => undefined;

/** Props of {@link ControlPanel}. */
export interface ControlPanelProps {
  readonly playground: CallPlayground;
}

/** The control panel of a playground. */
export function ControlPanel({ playground }: ControlPanelProps) {
  const participants = useSyncExternalStore(playground.subscribe, playground.participants, playground.participants);
  return (
    <aside className="pg-panel" aria-label="Playground controls">
      <header className="pg-panel__intro">
        <h2 className="pg-panel__title">Playground</h2>
        <p className="pg-panel__text">
          You are <strong>{playground.local.name}</strong>. Everyone else is simulated in this page: real WebRTC
          connections, synthetic camera and tone.
        </p>
      </header>
      <StartCall playground={playground} participants={participants} />
      {participants.map((participant) => (
        <ParticipantCard key={participant.id} playground={playground} participant={participant} />
      ))}
    </aside>
  );
}

function StartCall({
  playground,
  participants,
}: {
  playground: CallPlayground;
  participants: readonly SimulatedParticipant[];
}) {
  const titleId = useId();
  const [chosen, setChosen] = useState<ReadonlySet<UserId>>(() => new Set(participants.slice(0, 1).map((p) => p.id)));
  const busy = useCallStore((state) => state.sessionOrder.length > 0);
  const start = (callType: CallType) => {
    const ids = participants.filter((p) => chosen.has(p.id)).map((p) => p.id);
    playground.call(ids, callType).catch(ignore);
  };
  return (
    <section className="pg-card" aria-labelledby={titleId}>
      <h3 id={titleId} className="pg-card__title">
        Start a call
      </h3>
      <fieldset className="pg-choices">
        <legend className="pg-visually-hidden">Who to call</legend>
        {participants.map((participant) => (
          <label key={participant.id} className="pg-choice">
            <input
              type="checkbox"
              checked={chosen.has(participant.id)}
              onChange={(event) => {
                const next = new Set(chosen);
                if (event.target.checked) next.add(participant.id);
                else next.delete(participant.id);
                setChosen(next);
              }}
            />
            {participant.name}
          </label>
        ))}
      </fieldset>
      <div className="pg-actions">
        <button
          type="button"
          className="pg-button pg-button--primary"
          disabled={busy || chosen.size === 0}
          onClick={() => start('video')}
        >
          Video call
        </button>
        <button type="button" className="pg-button" disabled={busy || chosen.size === 0} onClick={() => start('audio')}>
          Audio call
        </button>
      </div>
    </section>
  );
}

function ParticipantCard({
  playground,
  participant,
}: {
  playground: CallPlayground;
  participant: SimulatedParticipant;
}) {
  const titleId = useId();
  const selectId = useId();
  const { id, status } = participant;
  const ringing = status === 'ringing';
  const inCall = status === 'in-call';
  const offline = status === 'offline';
  const linkText = inCall && participant.linkToYou ? LINK_TEXT[participant.linkToYou] : '';
  const link = linkText ? ` · ${linkText}` : '';
  return (
    <section className="pg-card" aria-labelledby={titleId} data-status={status}>
      <div className="pg-person">
        <Avatar name={participant.name} size={36} />
        <div className="pg-person__text">
          <h3 id={titleId} className="pg-card__title">
            {participant.name}
          </h3>
          <p className="pg-person__status">
            <span className={`pg-dot pg-dot--${status}`} aria-hidden="true" />
            {STATUS_TEXT[status]}
            {ringing && participant.autoAnswer === 'ignore' && ' · not answering'}
            {link}
            {inCall && participant.audioMuted && ' · muted'}
            {inCall && participant.talking && !participant.audioMuted && ' · talking'}
          </p>
        </div>
      </div>
      <div className="pg-field">
        <label htmlFor={selectId}>When called</label>
        <select
          id={selectId}
          value={participant.autoAnswer}
          onChange={(event) => playground.setAutoAnswer(id, event.target.value as AutoAnswer)}
        >
          {(Object.keys(AUTO_ANSWER_TEXT) as AutoAnswer[]).map((mode) => (
            <option key={mode} value={mode}>
              {AUTO_ANSWER_TEXT[mode]}
            </option>
          ))}
        </select>
      </div>
      <div className="pg-actions">
        {ringing && participant.autoAnswer !== 'ignore' && (
          <>
            <button
              type="button"
              className="pg-button pg-button--primary"
              onClick={() => playground.accept(id).catch(ignore)}
            >
              Accept
            </button>
            <button type="button" className="pg-button" onClick={() => playground.reject(id)}>
              Decline
            </button>
          </>
        )}
        {inCall && (
          <>
            <Toggle pressed={participant.audioMuted} label="Mute" onToggle={() => playground.toggleMicrophone(id)} />
            <Toggle pressed={participant.talking} label="Talk" onToggle={() => playground.toggleTalking(id)} />
            {participant.callType === 'video' && (
              <>
                <Toggle
                  pressed={participant.videoMuted}
                  label="Camera off"
                  onToggle={() => playground.toggleCamera(id).catch(ignore)}
                />
                <Toggle
                  pressed={participant.screenSharing}
                  label="Share screen"
                  onToggle={() => playground.toggleScreen(id).catch(ignore)}
                />
              </>
            )}
          </>
        )}
        {(inCall || status === 'calling') && (
          <button type="button" className="pg-button pg-button--danger" onClick={() => playground.leave(id)}>
            {inCall ? 'Leave' : 'Cancel'}
          </button>
        )}
        {(inCall || ringing || status === 'calling') && (
          <button type="button" className="pg-button" onClick={() => playground.loseNetwork(id)}>
            Lose network
          </button>
        )}
        {offline && (
          <button type="button" className="pg-button" onClick={() => playground.restoreNetwork(id)}>
            Restore network
          </button>
        )}
        {status === 'idle' && (
          <>
            <button type="button" className="pg-button" onClick={() => playground.callFrom(id).catch(ignore)}>
              Call you
            </button>
            <button type="button" className="pg-button" onClick={() => playground.setBusy(id, true).catch(ignore)}>
              Take another call
            </button>
          </>
        )}
        {status === 'busy' && (
          <button type="button" className="pg-button" onClick={() => playground.setBusy(id, false).catch(ignore)}>
            End other call
          </button>
        )}
      </div>
    </section>
  );
}

/** A toggle button of a participant card: `labels` is what it says when not pressed, then when pressed. */
/** A toggle button: its name stays, `aria-pressed` tells whether it is on ("Mute, pressed" is muted). */
function Toggle(props: { pressed: boolean; label: string; onToggle: () => void }) {
  return (
    <button type="button" className="pg-button" aria-pressed={props.pressed} onClick={props.onToggle}>
      {props.label}
    </button>
  );
}
