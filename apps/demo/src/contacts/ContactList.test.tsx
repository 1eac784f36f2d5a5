// @vitest-environment jsdom
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
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

/** The list with its added contacts kept outside it, as the workspace keeps them. */
function ListWithContacts({ self }: { self: string }) {
  const [added, setAdded] = useState<readonly string[]>([]);
  return (
    <ContactList
      self={self}
      settings={settings}
      added={added}
      onAdd={(jid) => setAdded((current) => [...current, jid])}
    />
  );
}

function renderList(client: CallClient) {
  return render(
    <CallProvider client={client}>
      <ListWithContacts self={client.localUser} />
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

  it('shows a contact added by hand as "Presence not shared", still callable, until their presence arrives', async () => {
    const network = new MemoryNetwork();
    const alice = clientFor(network, 'alice@localhost');
    renderList(alice);
    fireEvent.change(screen.getByTestId('add-contact-input'), { target: { value: 'erin' } });
    fireEvent.click(screen.getByTestId('add-contact'));
    const erin = await screen.findByTestId('contact-erin');
    expect(erin.dataset.presence).toBe('unknown');
    expect(screen.getByTestId('presence-erin').textContent).toBe('Presence not shared · erin@localhost');
    expect((screen.getByTestId('call-audio-erin') as HTMLButtonElement).disabled).toBe(false);
    // A demo user that is not online is known to be offline.
    expect(screen.getByTestId('presence-bob').textContent).toBe('Offline · bob@localhost');

    act(() => {
      clientFor(network, 'erin@localhost');
    });
    await waitFor(() => expect(screen.getByTestId('contact-erin').dataset.presence).toBe('online'));
    expect(screen.getByTestId('presence-erin').textContent).toBe('Online · erin@localhost');
  });
});
