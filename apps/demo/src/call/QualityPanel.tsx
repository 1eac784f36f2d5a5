/** Per-participant connection figures (round trip, loss, bitrates, video), refreshed by the engine's stats events. */
import { useCallClient, useCallStats } from '@meshcall/hooks';
import { displayName } from '../contacts/contacts.js';
import { userSlug } from '../util/test-ids.js';
import { formatBitrate, formatLoss, formatRtt, formatVideo, isPoor, poorFigures } from './quality.js';

/** Props of {@link QualityPanel}. */
export interface QualityPanelProps {
  readonly sessionId: string;
  /** The remote participants, in call order. */
  readonly participants: readonly string[];
}

/** One card of figures per remote participant. */
export function QualityPanel({ sessionId, participants }: QualityPanelProps) {
  const stats = useCallStats(sessionId);
  // The engine samples nothing with `statsInterval: 0` (`?statsInterval=0`): no figures will ever come.
  const off = useCallClient().config.statsInterval === 0;
  const waiting = participants.length > 0 && participants.every((userId) => !stats[userId]);
  return (
    <div data-testid="quality-panel">
      <ul className="demo-quality">
        {participants.map((userId) => {
          const figures = stats[userId];
          const poor = poorFigures(figures);
          return (
            <li
              key={userId}
              className="demo-quality__peer"
              data-testid={`quality-row-${userSlug(userId)}`}
              data-poor={isPoor(figures) || undefined}
            >
              <div className="demo-quality__who">
                <strong>{displayName(userId)}</strong>
                <span className="demo-muted demo-small">{formatVideo(figures?.video ?? null)}</span>
              </div>
              <dl className="demo-quality__metrics">
                <div>
                  <dt>Round trip</dt>
                  <dd data-metric="rtt" data-poor={poor.rtt || undefined}>
                    {formatRtt(figures?.rttMs ?? null)}
                  </dd>
                </div>
                <div>
                  <dt>Packet loss</dt>
                  <dd data-metric="loss" data-poor={poor.loss || undefined}>
                    {formatLoss(figures?.packetLoss ?? null)}
                  </dd>
                </div>
                <div>
                  <dt>Receiving</dt>
                  <dd data-metric="in">{formatBitrate(figures?.incomingBitrate ?? null)}</dd>
                </div>
                <div>
                  <dt>Sending</dt>
                  <dd data-metric="out">{formatBitrate(figures?.outgoingBitrate ?? null)}</dd>
                </div>
              </dl>
            </li>
          );
        })}
      </ul>
      {off ? (
        <p className="demo-muted demo-small demo-quality__hint">Connection figures are turned off on this page.</p>
      ) : (
        waiting && (
          <p className="demo-muted demo-small demo-quality__hint">Figures appear once the call is connected.</p>
        )
      )}
    </div>
  );
}
