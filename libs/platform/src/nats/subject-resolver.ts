import { Streams } from '@mi/contracts';

/**
 * Applies the deployment's subject prefix (empty in production, unique per test file) to
 * subjects and stream names, so tests sharing one NATS server never see each other's traffic.
 */
export class SubjectResolver {
  constructor(readonly prefix: string) {}

  subject(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** Strips the prefix from an incoming subject. */
  unprefixed(subject: string): string {
    return this.prefix !== '' && subject.startsWith(this.prefix) ? subject.slice(this.prefix.length) : subject;
  }

  get eventsStream(): string {
    return this.stream(Streams.events);
  }

  get deadLetterStream(): string {
    return this.stream(Streams.deadLetter);
  }

  private stream(base: string): string {
    return this.prefix === '' ? base : `${base}_${this.prefix.replace(/\.$/, '').toUpperCase()}`;
  }

  /** Durable consumer name of a service for one event subject (JetStream 2.9: one filter each). */
  durableName(service: string, eventSubject: string): string {
    return `${service}__${eventSubject.replace(/[.*>]/g, '_')}`;
  }
}
