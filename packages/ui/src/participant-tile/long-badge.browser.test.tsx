/**
 * A connection badge in a longer language (German) on a mid-sized tile (a 2×2 group grid on a tablet, ~260 px wide)
 * reads whole on two lines instead of being cut to "Verbindung wird wi…".
 */
import { cleanup, render } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import '../styles.css';
import { LabelsProvider } from '../labels.js';
import { ParticipantTile } from './ParticipantTile.js';

afterEach(cleanup);

const GERMAN = {
  reconnecting: 'Verbindung wird wiederhergestellt…',
  connectionFailed: 'Verbindung fehlgeschlagen',
  poorConnection: 'Schlechte Verbindung',
  connecting: 'Verbindung wird hergestellt…',
};

it('a German connection badge on a 260 px tile is readable, not cut to "Verbindung wird wi…"', () => {
  const truncated: string[] = [];
  for (const connection of ['reconnecting', 'failed', 'poor', 'connecting'] as const) {
    const view = render(
      <LabelsProvider labels={GERMAN}>
        <div style={{ width: 260, height: 180, position: 'relative' }}>
          <ParticipantTile name="Bob" connection={connection} />
        </div>
      </LabelsProvider>,
    );
    const label = view.container.querySelector<HTMLElement>('.meshcall-tile__connection-label')!;
    if (label.scrollWidth > label.clientWidth + 1)
      truncated.push(`${label.textContent} (${label.clientWidth}px of ${label.scrollWidth}px shown)`);
    cleanup();
  }
  expect(truncated).toEqual([]);
});
