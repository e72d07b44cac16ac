// Makes the KeelClient available to every view without threading it through props.
import { createContext, useContext, type ReactNode } from 'react';
import type { KeelClient } from './client';

const ClientContext = createContext<KeelClient | null>(null);

export function ClientProvider({ client, children }: { client: KeelClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): KeelClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient must be used inside <ClientProvider>');
  return client;
}
