// @vitest-environment jsdom
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveSettings } from '../config/settings.js';
import { ContactList, MAX_INVITEES } from './ContactList.js';

const settings = resolveSettings(new URLSearchParams(''), {}, {});
const clients: CallClient[] = [];

function clientFor(network: MemoryNetwork, jid: string): CallClient {
  const client = new CallClient({ transport: network.createTransport(jid) });
  clients.push(client);
  return client;
}

afterEach(async () => {
  cleanup();
  for (const client of clients.splice(0)) await client.destroy();
});

function renderList(client: CallClient) {
  return render(
    <CallProvider client={client}>
      <ContactList self={client.localUser} settings={settings} />
    </CallProvider>,
  );
}

describe('ContactList (real CallClient over MemoryNetwork)', () => {
  it('shows who is online from presence, and updates when someone comes online', async () => {
    const network = new MemoryNetwork();
    const alice = clientFor(network, 'alice@localhost');
    clientFor(network, 'bob@localhost');
    renderList(alice);
    await waitFor(() => expect(screen.getByTestId('contact-bob').dataset.online).toBe('true'));
    expect(screen.getByTestId('contact-carol').dataset.online).toBe('false');
    expect(screen.queryByTestId('contact-alice')).toBeNull();

    act(() => {
      clientFor(network, 'carol@localhost');
    });
    await waitFor(() => expect(screen.getByTestId('contact-carol').dataset.online).toBe('true'));
    expect(screen.getByTestId('online-count').textContent).toBe('2 online');
  });

  it(`lets at most ${MAX_INVITEES} people be selected for a group call`, async () => {
    const network = new MemoryNetwork();
    const alice = clientFor(network, 'alice@localhost');
    renderList(alice);
    fireEvent.change(screen.getByTestId('add-contact-input'), { target: { value: 'erin' } });
    fireEvent.click(screen.getByTestId('add-contact'));
    await screen.findByTestId('contact-erin');

    for (const name of ['bob', 'carol', 'dave']) fireEvent.click(screen.getByTestId(`select-${name}`));
    expect(screen.getByTestId('group-bar').textContent).toContain('Bob, Carol, Dave');
    expect((screen.getByTestId('select-erin') as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('select-carol'));
    expect((screen.getByTestId('select-erin') as HTMLInputElement).disabled).toBe(false);
    expect(screen.getByTestId('group-bar').textContent).toContain('Bob, Dave');
  });

  it('places a call to the chosen contact with the chosen call type', async () => {
    const network = new MemoryNetwork();
    const alice = clientFor(network, 'alice@localhost');
    clientFor(network, 'bob@localhost');
    const added: Array<{ opponents: readonly string[]; callType: string }> = [];
    alice.on('sessionAdded', ({ session }) => added.push({ opponents: session.opponents, callType: session.callType }));
    renderList(alice);
    await waitFor(() => expect(screen.getByTestId('contact-bob').dataset.online).toBe('true'));
    fireEvent.click(screen.getByTestId('call-audio-bob'));
    expect(added).toEqual([{ opponents: ['bob@localhost'], callType: 'audio' }]);
  });
});
