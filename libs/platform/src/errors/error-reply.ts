import type { ErrorBody } from '@mi/contracts';

/**
 * What the RPC exception filter hands back to the transport instead of throwing: the transport
 * answers `{ ok: false, error }` for requests and naks/dead-letters events.
 */
export class ErrorReply {
  constructor(readonly error: ErrorBody) {}
}
