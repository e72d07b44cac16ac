// Entry point: finds the Keel API (Electron preload or the preview bridge) and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createKeelClient, resolveKeelApi } from './api/client';
import { ClientProvider } from './api/context';
import './styles/base.css';
import './styles/components.css';
import './styles/views.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const api = resolveKeelApi();

if (api) {
  root.render(
    <StrictMode>
      <ClientProvider client={createKeelClient(api)}>
        <App />
      </ClientProvider>
    </StrictMode>,
  );
} else {
  root.render(
    <main className="app__main">
      <h1>Keel is not connected</h1>
      <p role="alert">
        Open this page from the Keel app, or start the browser preview with{' '}
        <code>npm run preview:web</code>.
      </p>
    </main>,
  );
}
