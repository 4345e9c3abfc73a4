// Entry point of the wall display page (wall.html), served by the kiosk host like the kiosk page.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectBridge, type HostWindow } from '../bridge/connect.js';
import '../ui/tokens.css';
import './wall.css';
import { WallApp } from './WallApp.js';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('wall.html has no #root element');

createRoot(rootElement).render(
  <StrictMode>
    <WallApp connection={connectBridge(window as Window & HostWindow)} />
  </StrictMode>,
);
