import { describe, expect, it } from 'vitest';
import { buildCsp, hubConnectSources, securityHeaders, withSecurityHeaders } from './csp.js';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

describe('buildCsp', () => {
  it('is the strict policy, with the hub as the only remote connect target', () => {
    expect(buildCsp('http://127.0.0.1:8080')).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "media-src 'self' blob: mediastream:; font-src 'self'; connect-src 'self' http://127.0.0.1:8080 ws://127.0.0.1:8080; " +
        "object-src 'none'; base-uri 'none'; frame-src 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });

  it('never allows remote or inline scripts, eval of JavaScript, or wildcards; WASM compilation only', () => {
    const csp = buildCsp('https://hub.bank.example');
    const d = directives(csp);
    expect(d.get('script-src')).toBe("'self' 'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/'unsafe-eval'|\*/);
    expect(d.get('script-src')).not.toContain('unsafe-inline');
    expect(d.get('connect-src')).toBe("'self' https://hub.bank.example wss://hub.bank.example");
  });

  it('keeps only the origin of the hub URL, dropping path, query and credentials', () => {
    expect(hubConnectSources('https://user:pw@hub.example:9443/api/v1?x=1')).toEqual(['https://hub.example:9443', 'wss://hub.example:9443']);
  });

  it.each([[null], ['ftp://hub.example'], ['not a url'], ['javascript:alert(1)']])('allows no remote connect for hub %s', (hub) => {
    expect(directives(buildCsp(hub)).get('connect-src')).toBe("'self'");
  });
});

describe('security headers', () => {
  it('carries CSP and nosniff', () => {
    const h = securityHeaders(null);
    expect(h['Content-Security-Policy']).toBe(buildCsp(null));
    expect(h['X-Content-Type-Options']).toBe('nosniff');
  });

  it('replaces a server-sent policy of any letter case instead of merging with it', () => {
    const merged = withSecurityHeaders(
      { 'content-security-policy': ["default-src *"], 'X-CONTENT-TYPE-OPTIONS': ['sniff'], 'Content-Type': ['text/html'] },
      securityHeaders(null),
    );
    expect(Object.keys(merged).map((k) => k.toLowerCase()).filter((k) => k === 'content-security-policy')).toHaveLength(1);
    expect(merged['Content-Security-Policy']).toEqual([buildCsp(null)]);
    expect(merged['X-Content-Type-Options']).toEqual(['nosniff']);
    expect(merged['Content-Type']).toEqual(['text/html']);
  });

  it('adds the headers when the response had none', () => {
    expect(withSecurityHeaders(undefined, { A: 'b' })).toEqual({ A: ['b'] });
  });
});
