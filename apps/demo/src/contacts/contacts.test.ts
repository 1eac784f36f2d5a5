import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_USERS } from '../config/settings.js';
import { buildContacts, displayName } from './contacts.js';

describe('buildContacts', () => {
  it('lists the other demo users, online first, then by name', () => {
    const contacts = buildContacts('alice@localhost', 'localhost', DEFAULT_DEMO_USERS, ['dave@localhost']);
    expect(contacts.map((contact) => [contact.jid, contact.presence])).toEqual([
      ['dave@localhost', 'online'],
      ['bob@localhost', 'offline'],
      ['carol@localhost', 'offline'],
    ]);
  });

  it('calls the presence of a contact added by hand unknown, not offline, until it arrives', () => {
    // Demo users share presence with each other (a shared roster group); erin and zed were only typed in.
    const contacts = buildContacts(
      'alice@localhost',
      'localhost',
      DEFAULT_DEMO_USERS,
      ['zed@x.test'],
      ['erin@localhost', 'zed@x.test'],
    );
    expect(Object.fromEntries(contacts.map((contact) => [contact.jid, contact.presence]))).toEqual({
      'zed@x.test': 'online',
      'bob@localhost': 'offline',
      'carol@localhost': 'offline',
      'dave@localhost': 'offline',
      'erin@localhost': 'unknown',
    });
  });

  it('adds people seen online and people added by hand, once each, never the user', () => {
    const contacts = buildContacts(
      'alice@localhost',
      'localhost',
      [],
      ['erin@localhost', 'alice@localhost'],
      ['erin@localhost', 'zed@x.test'],
    );
    expect(contacts.map((contact) => contact.jid)).toEqual(['erin@localhost', 'zed@x.test']);
  });
});

describe('displayName', () => {
  it('capitalises the local part', () => {
    expect(displayName('bob@localhost')).toBe('Bob');
    expect(displayName('carol')).toBe('Carol');
  });
});
