// The baseline of journey-latency: an empty React page whose one button switches between two
// routes (history.pushState, as a client-side router does), built for production like the
// kiosk page. Nothing else: no host, no hub, no data, no styles to speak of.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

type Route = '/a' | '/b';

function App() {
  const [route, setRoute] = useState<Route>(window.location.pathname === '/b' ? '/b' : '/a');
  useEffect(() => {
    const back = () => setRoute(window.location.pathname === '/b' ? '/b' : '/a');
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);
  const go = (next: Route) => {
    window.history.pushState(null, '', next);
    setRoute(next);
  };
  const next: Route = route === '/a' ? '/b' : '/a';
  return (
    <main data-testid={`route-${route.slice(1)}`}>
      <h1>{route === '/a' ? 'Route A' : 'Route B'}</h1>
      <button type="button" data-testid="switch-route" style={{ minWidth: 200, minHeight: 80 }} onClick={() => go(next)}>
        {`Go to ${next}`}
      </button>
    </main>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
