/**
 * Who declined which call and why (`declined` or `busy`). The store keeps peer states but not the reject
 * reason, and "Bob is busy in another call" says more than "Everyone else left the call".
 */
import type { RejectReason, UserId } from '@meshcall/core';
import { useCallClient } from '@meshcall/hooks';
import { useEffect, useState } from 'react';

/** Reject reasons by session id, then by user. */
export type Rejections = ReadonlyMap<string, ReadonlyMap<UserId, RejectReason>>;

/** Records the reject reasons of every session of the provider's client while mounted. */
export function useRejections(): Rejections {
  const client = useCallClient();
  const [rejections] = useState(() => new Map<string, Map<UserId, RejectReason>>());
  useEffect(
    () =>
      client.on('sessionAdded', ({ session }) => {
        session.on('rejected', ({ userId, reason }) => {
          const forSession = rejections.get(session.id) ?? new Map<UserId, RejectReason>();
          forSession.set(userId, reason);
          rejections.set(session.id, forSession);
        });
      }),
    [client, rejections],
  );
  return rejections;
}

/**
 * A sentence for a call that ended because everyone declined, or `null` when that is not why it ended.
 * `names` turns user ids into display names.
 */
export function describeDeclined(
  reasons: ReadonlyMap<UserId, RejectReason> | undefined,
  opponents: readonly UserId[],
  names: (userId: UserId) => string,
): string | null {
  if (!reasons || opponents.length === 0 || !opponents.every((userId) => reasons.has(userId))) return null;
  const list = opponents.map(names);
  const who = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  const allBusy = opponents.every((userId) => reasons.get(userId) === 'busy');
  if (allBusy) return `${who} ${list.length === 1 ? 'is' : 'are'} busy in another call.`;
  return `${who} declined the call.`;
}
