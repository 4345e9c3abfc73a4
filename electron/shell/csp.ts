// Content-Security-Policy for the kiosk page. The page runs only code shipped inside the
// app (no remote scripts, no eval, no frames, no forms) and may talk to exactly one
// server, the hub, over HTTP(S) and its WebSocket twin. The one exception to "no eval" is
// 'wasm-unsafe-eval': the face check compiles tfjs's WebAssembly (shipped in the app, from
// 'self'); it lets the page compile WASM only, not run strings as JavaScript.

/** Hub origins allowed in connect-src; none when the kiosk runs without a hub. */
export function hubConnectSources(hubUrl: string | null): string[] {
  if (!hubUrl) return [];
  let hub: URL;
  try {
    hub = new URL(hubUrl);
  } catch {
    return [];
  }
  // Only HTTP(S) hubs: any other scheme in config would widen the policy in ways we did
  // not review, so it is dropped rather than passed through.
  if (hub.protocol !== 'http:' && hub.protocol !== 'https:') return [];
  const ws = hub.protocol === 'https:' ? 'wss:' : 'ws:';
  return [hub.origin, `${ws}//${hub.host}`];
}

export function buildCsp(hubUrl: string | null): string {
  const connect = ["'self'", ...hubConnectSources(hubUrl)].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    // React and the UI kit set inline style attributes; scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    // Camera preview and the expert's video arrive as MediaStreams (video call help).
    "media-src 'self' blob: mediastream:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Headers every app:// response carries, whatever its status. */
export function securityHeaders(hubUrl: string | null): Record<string, string> {
  return {
    'Content-Security-Policy': buildCsp(hubUrl),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/**
 * Response headers with ours in force: any header of the same name the server sent (in
 * whatever case) is replaced, never merged, so a response cannot loosen the policy.
 */
export function withSecurityHeaders(
  existing: Record<string, string[]> | undefined,
  ours: Record<string, string>,
): Record<string, string[]> {
  const replaced = new Set(Object.keys(ours).map((k) => k.toLowerCase()));
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(existing ?? {})) {
    if (!replaced.has(name.toLowerCase())) out[name] = values;
  }
  for (const [name, value] of Object.entries(ours)) out[name] = [value];
  return out;
}
