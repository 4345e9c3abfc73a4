// The least a React first screen can be: React 19 and react-dom, one button, and one request
// over a WebSocket sent from an effect, as the kiosk page sends its first bridge requests.
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';

const socket = new WebSocket(`ws://${location.host}/bridge`);

function Floor() {
  useEffect(() => {
    const send = () => socket.send(JSON.stringify({ id: 1, method: 'session.opened', params: {} }));
    if (socket.readyState === WebSocket.OPEN) send();
    else socket.addEventListener('open', send, { once: true });
  }, []);
  return (
    <button type="button" data-testid="attract">
      Touch to start
    </button>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Floor />
    </StrictMode>,
  );
}
