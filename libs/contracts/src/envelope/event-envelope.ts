import { IsISO8601, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Min } from 'class-validator';

/**
 * Domain event envelope, published to JetStream stream `MI_EVENTS` on `evt.<context>.<EventName>`
 * from a service's transactional outbox with `Nats-Msg-Id = id`.
 */
export interface EventEnvelope<P = unknown> {
  /** UUIDv7, unique per event; also the JetStream de-duplication id and the inbox key. */
  id: string;
  /** Event name, e.g. `InstitutionRegistered`. */
  type: string;
  /** Payload schema version; consumers refuse versions they do not know. */
  version: number;
  /** ISO-8601 instant (UTC) when the state change committed. */
  occurredAt: string;
  /** Region of the aggregate (6-digit admdvs): lets consumers filter by region. */
  admdvs: string;
  /** Id of the aggregate that changed. */
  aggregateId: string;
  payload: P;
  /** W3C trace context of the use case that produced it, if tracing was on. */
  traceparent?: string;
}

/**
 * Validating base class for event payload envelopes; each event subclasses it and narrows
 * `payload` with its own class (`@ValidateNested() @Type(() => XPayload)`).
 */
export abstract class EventEnvelopeDto<P extends object> implements EventEnvelope<P> {
  @IsString()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, { message: 'id must be a UUIDv7' })
  id: string;

  @IsString()
  @IsNotEmpty()
  type: string;

  @IsInt()
  @Min(1)
  version: number;

  @IsISO8601({ strict: true })
  occurredAt: string;

  @Matches(/^\d{6}$/, { message: 'admdvs must be 6 digits' })
  admdvs: string;

  @IsString()
  @IsNotEmpty()
  aggregateId: string;

  abstract payload: P;

  @IsOptional()
  @IsString()
  traceparent?: string;
}
