// Electron's safeStorage (OS keychain, DPAPI, libsecret) behind the host's two seams: the
// outbox field key and the hub credentials file. Built lazily, on first use after ready,
// because safeStorage is not usable before the app is ready.
import type { KeyProvider } from '../host/field-crypto.node.js';
import { checkSafeStoragePolicy, safeStorageKeyProvider, type SafeStorageLike } from '../host/field-crypto-keys.node.js';
import type { CredentialsProtection } from '../host/kiosk-credentials.node.js';

export function lazySafeStorageKeyProvider(safe: SafeStorageLike, blobFile: string, opts: { platform?: NodeJS.Platform; allowBasicText: boolean }): KeyProvider {
  let inner: KeyProvider | null = null;
  const get = () => (inner ??= safeStorageKeyProvider(safe, blobFile, opts));
  return { current: () => get().current(), byId: (kid) => get().byId(kid) };
}

export function safeStorageProtection(safe: SafeStorageLike, opts: { platform?: NodeJS.Platform; allowBasicText: boolean }): CredentialsProtection {
  const checked = () => checkSafeStoragePolicy(safe, opts.platform ?? process.platform, opts.allowBasicText);
  return {
    kind: 'electron-safe-storage',
    seal: async (plain) => (checked(), safe.encryptString(plain).toString('base64')),
    open: async (sealed) => (checked(), safe.decryptString(Buffer.from(sealed, 'base64'))),
  };
}
