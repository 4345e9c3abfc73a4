// TLS for production hubs: a certificate chain and key in PEM files (from the bank's CA
// or an ACME client). Read once at start-up; a renewed certificate needs a restart.
import { readFile } from 'node:fs/promises';

export interface TlsMaterial {
  cert: string | Buffer;
  key: string | Buffer;
}

export async function readTlsFiles(certPath: string, keyPath: string): Promise<TlsMaterial> {
  const read = (label: string, file: string) =>
    readFile(file).catch((error: unknown) => {
      throw new Error(`cannot read TLS ${label} ${file}: ${error instanceof Error ? error.message : String(error)}`);
    });
  const [cert, key] = await Promise.all([read('certificate', certPath), read('key', keyPath)]);
  return { cert, key };
}
