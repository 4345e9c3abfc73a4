// How much one client may hold of a hub instance. Without these a client could keep
// connections open forever (slow headers, idle keep-alive), open sockets until the process
// runs out of file descriptors, or hammer the unauthenticated enrollment endpoint.
import type { BucketOptions } from './assist/token-bucket.js';

export interface HubLimits {
  /** A connection that moves no bytes this long is closed (HTTP only: upgraded WebSockets keep their own heartbeat). */
  connectionTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this (slowloris). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open TCP connections of this instance, WebSockets included; beyond it new ones are dropped. */
  maxConnections: number;
  /**
   * Open signaling sockets per client address (0: no limit). Behind a load balancer or NAT
   * every client has the balancer's address: raise it there, or set it to 0.
   */
  maxSocketsPerAddress: number;
  /** Enrollment attempts per client address: a code has 100 random bits, this keeps floods out of the log and the database. */
  enrollPerAddress: BucketOptions;
}

export const DEFAULT_HUB_LIMITS: HubLimits = {
  connectionTimeoutMs: 60_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 10_000,
  maxConnections: 10_000,
  maxSocketsPerAddress: 200,
  enrollPerAddress: { capacity: 20, refillPerSec: 20 / 60 },
};
