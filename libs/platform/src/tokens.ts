/** DI tokens of @mi/platform. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const CLOCK = Symbol('CLOCK');
