// Entry point of the customer kiosk page.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectBridge, type HostWindow } from '../bridge/connect.js';
import { createKioskI18n } from '../i18n/i18n.js';
import '../ui/tokens.css';
import '../ui/kit.css';
import './kiosk.css';
import { KioskApp } from './KioskApp.js';
import { readInlineKioskInfo } from './inline-kiosk-info.js';
import { warmDateFormats } from './screens/attract-clock.js';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

// The preload adds `kiosk` to window in Electron; HostWindow types that optional property.
const connection = connectBridge(window as Window & HostWindow);

createRoot(rootElement).render(
  <StrictMode>
    <KioskApp connection={connection} i18n={createKioskI18n()} initialInfo={connection.kind === 'connected' && connection.via === 'ws' ? readInlineKioskInfo(document) : null} />
  </StrictMode>,
);
warmDateFormats();
