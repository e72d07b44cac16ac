// Subscribes a component to one main → renderer event for as long as it is mounted.
import { useEffect, useRef } from 'react';
import type { IpcEvent, IpcEventPayload } from '../../../shared/ipc';
import { useClient } from '../api/context';

export function useKeelEvent<E extends IpcEvent>(
  event: E,
  listener: (payload: IpcEventPayload<E>) => void,
): void {
  const client = useClient();
  // The latest listener is kept in a ref so re-renders do not resubscribe (and drop events).
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => client.on(event, (payload) => latest.current(payload)), [client, event]);
}
