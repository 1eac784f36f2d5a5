// @vitest-environment jsdom
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { QualityPanel } from './QualityPanel.js';

const clients: CallClient[] = [];

afterEach(async () => {
  cleanup();
  for (const client of clients.splice(0)) await client.destroy();
});

/** The panel of a call that has no figures yet, on a client sampling stats every `statsInterval` ms. */
function renderPanel(statsInterval: number) {
  const client = new CallClient({ transport: new MemoryNetwork().createTransport('alice@localhost'), statsInterval });
  clients.push(client);
  render(
    <CallProvider client={client}>
      <QualityPanel sessionId="s1" participants={['bob@localhost']} />
    </CallProvider>,
  );
  return screen.getByTestId('quality-panel').textContent ?? '';
}

describe('QualityPanel', () => {
  it('promises figures while a sampled call connects', () => {
    expect(renderPanel(1000)).toContain('Figures appear once the call is connected.');
  });

  it('says the figures are off when the client samples none (?statsInterval=0)', () => {
    const text = renderPanel(0);
    expect(text).toContain('Connection figures are turned off on this page.');
    expect(text).not.toContain('Figures appear');
  });
});
