// Just enough of PouchDB, express-pouchdb and express for the drain benchmark's baseline;
// none of them ships types and the project does not depend on them outside bench/.
declare module 'pouchdb-node' {
  interface ReplicationResult {
    docs_written: number;
  }
  class PouchDB {
    constructor(name: string);
    static defaults(options: { prefix: string }): typeof PouchDB;
    bulkDocs(docs: object[]): Promise<unknown>;
    replicate: { to(target: string, options?: { batch_size?: number }): Promise<ReplicationResult> };
    info(): Promise<{ doc_count: number }>;
    close(): Promise<void>;
  }
  export default PouchDB;
}

declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  export default function expressPouchDB(pouch: unknown, options?: { mode?: string; logPath?: string; configPath?: string; inMemoryConfig?: boolean }): RequestListener;
}

declare module 'express' {
  import type { RequestListener, Server } from 'node:http';
  interface App extends RequestListener {
    use(path: string, handler: RequestListener): void;
    listen(port: number, host: string): Server;
  }
  export default function express(): App;
}
