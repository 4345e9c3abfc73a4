// Entry point of the expert console, served by the hub at /console/.
import './shims.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../ui/tokens.css';
import '../ui/kit.css';
import './console.css';
import { StaffClient } from './api/staff-client.js';
import { ConsoleApp } from './ConsoleApp.js';
import { ConsoleProvider } from './ConsoleContext.js';
import { ConsoleController } from './controller/console-controller.js';
import { createConsoleI18n, initialLocale } from './i18n/console-i18n.js';
import { hubSocketUrl } from './signaling/hub-socket.js';
import { ConsoleStore } from './state/console-store.js';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

const params = new URLSearchParams(location.search);
const controller = new ConsoleController({
  store: new ConsoleStore(initialLocale(location.search, navigator.languages)),
  client: new StaffClient(),
  socketUrl: hubSocketUrl(location),
  getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
  // `?ice=relay`: media only through the hub's TURN servers (keeps the expert's address private).
  iceTransportPolicy: params.get('ice') === 'relay' ? 'relay' : 'all',
});

createRoot(rootElement).render(
  <StrictMode>
    <ConsoleProvider controller={controller} i18n={createConsoleI18n()}>
      <ConsoleApp />
    </ConsoleProvider>
  </StrictMode>,
);
