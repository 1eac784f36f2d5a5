import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_USERS } from '../config/settings.js';
import { buildContacts, displayName } from './contacts.js';

describe('buildContacts', () => {
  it('lists the other demo users, online first, then by name', () => {
    const contacts = buildContacts('alice@localhost', 'localhost', DEFAULT_DEMO_USERS, ['dave@localhost']);
    expect(contacts.map((contact) => [contact.jid, contact.online])).toEqual([
      ['dave@localhost', true],
      ['bob@localhost', false],
      ['carol@localhost', false],
    ]);
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
