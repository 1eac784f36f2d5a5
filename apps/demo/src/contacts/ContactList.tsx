/**
 * Contacts with presence: call one person (audio or video), or tick up to three for a group call.
 */
import { type CallType, isMeshcallError, type UserId } from '@meshcall/core';
import { useConnectionStatus, useOnlineUsers, useStartCall } from '@meshcall/hooks';
import { Avatar, Icon } from '@meshcall/ui';
import { type FormEvent, useId, useMemo, useState } from 'react';
import type { DemoSettings } from '../config/settings.js';
import { describeCallError } from '../errors/describe.js';
import { userSlug } from '../util/test-ids.js';
import { buildContacts, type Contact, displayName, type Presence } from './contacts.js';

/** Most people a group call invites (a mesh of 4 including the caller). */
export const MAX_INVITEES = 3;

/** Props of {@link ContactList}. */
export interface ContactListProps {
  readonly self: UserId;
  readonly settings: DemoSettings;
  /**
   * Contacts the user added by hand. Kept by the caller: this list is unmounted while a call is on screen, and
   * they must still be here after it.
   */
  readonly added: readonly UserId[];
  readonly onAdd: (jid: UserId) => void;
}

const PRESENCE_TEXT: Record<Presence, string> = {
  online: 'Online',
  offline: 'Offline',
  // Not subscribed to their presence (see contacts.ts): they may well be online, and can be called.
  unknown: 'Presence not shared',
};

/** Errors that come from our own request (not reported by the engine's error event), so we show them here. */
const LOCAL_CODES = new Set(['too-many-participants', 'invalid-argument', 'invalid-state', 'destroyed']);

/** The contact list. */
export function ContactList({ self, settings, added, onAdd }: ContactListProps) {
  const online = useOnlineUsers();
  const status = useConnectionStatus();
  const startCall = useStartCall();
  const [selected, setSelected] = useState<readonly UserId[]>([]);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const headingId = useId();

  const contacts = useMemo(
    () => buildContacts(self, settings.domain, settings.demoUsers, online, added),
    [self, settings.domain, settings.demoUsers, online, added],
  );
  const onlineCount = contacts.filter((contact) => contact.presence === 'online').length;

  const call = (opponents: readonly UserId[], callType: CallType) => {
    setProblem(null);
    // The engine opens the devices picked in the lobby (see `usePickedDevicesForCalls`).
    startCall(opponents, callType).then(
      () => setSelected([]),
      (error: unknown) => {
        // Media and network failures arrive as engine errors (toasts); request errors only reject here.
        if (isMeshcallError(error) && LOCAL_CODES.has(error.code)) setProblem(describeCallError(error));
        else if (!isMeshcallError(error)) setProblem(`The call could not be started: ${String(error)}`);
      },
    );
  };

  const toggle = (jid: UserId) =>
    setSelected((current) => (current.includes(jid) ? current.filter((id) => id !== jid) : [...current, jid]));

  const addContact = (event: FormEvent) => {
    event.preventDefault();
    const jid = draft.trim().toLowerCase();
    const withDomain = jid.includes('@') ? jid : `${jid}@${settings.domain}`;
    if (!/^[^@\s/]+@[^@\s/]+$/.test(withDomain) || withDomain === self) {
      setProblem('Enter an address like erin@localhost.');
      return;
    }
    setProblem(null);
    onAdd(withDomain);
    setDraft('');
  };

  const offline = status !== 'online';
  const full = selected.length >= MAX_INVITEES;

  return (
    <section className="demo-card demo-contacts" aria-labelledby={headingId}>
      <header className="demo-card__header">
        <h2 id={headingId}>Contacts</h2>
        <span className="demo-muted" data-testid="online-count">
          {onlineCount} online
        </span>
      </header>
      {problem && (
        <p className="demo-inline-error" role="alert">
          {problem}
        </p>
      )}
      <ul className="demo-contacts__list">
        {contacts.map((contact) => {
          const slug = userSlug(contact.jid);
          const isSelected = selected.includes(contact.jid);
          return (
            <li
              key={contact.jid}
              className="demo-contact"
              data-testid={`contact-${slug}`}
              data-online={contact.presence === 'online'}
              data-presence={contact.presence}
              data-selected={isSelected || undefined}
            >
              <label className="demo-contact__select">
                <input
                  type="checkbox"
                  checked={isSelected}
                  disabled={!isSelected && full}
                  onChange={() => toggle(contact.jid)}
                  data-testid={`select-${slug}`}
                />
                <span className="demo-visually-hidden">Select {contact.name} for a group call</span>
              </label>
              <span className="demo-contact__avatar">
                <Avatar name={contact.name} size={40} />
                <span className={`demo-presence demo-presence--${contact.presence}`} aria-hidden="true" />
              </span>
              <span className="demo-contact__text">
                <span className="demo-contact__name">{contact.name}</span>
                <span className="demo-muted demo-small" data-testid={`presence-${slug}`}>
                  {PRESENCE_TEXT[contact.presence]} · {contact.jid}
                </span>
              </span>
              <span className="demo-contact__actions">
                <CallButton callType="audio" contact={contact} slug={slug} disabled={offline} onCall={call} />
                <CallButton callType="video" contact={contact} slug={slug} disabled={offline} onCall={call} />
              </span>
            </li>
          );
        })}
      </ul>

      {selected.length > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: a toolbar of actions, not a form fieldset.
        <div className="demo-groupbar" role="group" aria-label="Group call" data-testid="group-bar">
          <span className="demo-groupbar__who">
            <Icon name="users" size={18} />
            {selected.map(displayName).join(', ')}
            <span className="demo-muted demo-small">
              {' '}
              ({selected.length + 1} of {MAX_INVITEES + 1} people)
            </span>
          </span>
          <span className="demo-groupbar__actions">
            <button type="button" className="demo-button demo-button--ghost" onClick={() => setSelected([])}>
              Clear
            </button>
            <button
              type="button"
              className="demo-button"
              disabled={offline}
              onClick={() => call(selected, 'audio')}
              data-testid="group-call-audio"
            >
              <Icon name="phone" size={18} /> Audio
            </button>
            <button
              type="button"
              className="demo-button demo-button--primary"
              disabled={offline}
              onClick={() => call(selected, 'video')}
              data-testid="group-call-video"
            >
              <Icon name="video" size={18} /> Video
            </button>
          </span>
        </div>
      )}

      <form className="demo-add-contact" onSubmit={addContact} aria-label="Add a contact">
        <label className="demo-visually-hidden" htmlFor={`${headingId}-add`}>
          Add a contact by address
        </label>
        <input
          id={`${headingId}-add`}
          type="text"
          placeholder={`Add someone: erin@${settings.domain}`}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          data-testid="add-contact-input"
        />
        <button type="submit" className="demo-button demo-button--ghost" data-testid="add-contact">
          Add
        </button>
      </form>
    </section>
  );
}

/**
 * Calls one contact, audio or video. An offline contact can be called too (the call rings if they come online),
 * and so can one whose presence we do not know; the button is disabled only while our own connection is down.
 */
function CallButton({
  callType,
  contact,
  slug,
  disabled,
  onCall,
}: {
  callType: CallType;
  contact: Contact;
  slug: string;
  disabled: boolean;
  onCall: (opponents: readonly UserId[], callType: CallType) => void;
}) {
  const label = `${callType === 'audio' ? 'Audio' : 'Video'} call ${contact.name}`;
  const hint: Record<Presence, string> = {
    online: label,
    offline: `${contact.name} is offline; the call rings if they come online`,
    unknown: `${contact.name} does not share their presence; the call rings if they are online`,
  };
  return (
    <button
      type="button"
      className={callType === 'video' ? 'demo-icon-button demo-icon-button--primary' : 'demo-icon-button'}
      aria-label={label}
      title={hint[contact.presence]}
      disabled={disabled}
      onClick={() => onCall([contact.jid], callType)}
      data-testid={`call-${callType}-${slug}`}
    >
      <Icon name={callType === 'audio' ? 'phone' : 'video'} size={20} />
    </button>
  );
}
