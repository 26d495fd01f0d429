import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * Validates a property with a kernel parser from @mi/domain (which throws an error naming the
 * reason): `@ParsedBy((v) => Admdvs.parse(v))`. The parser's message becomes the field's reason,
 * so HTTP, NHSA and NATS callers all see the same words.
 */
export function ParsedBy(parser: (value: unknown) => unknown, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'parsedBy',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown): boolean {
          try {
            parser(value);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage(args: ValidationArguments): string {
          try {
            parser(args.value);
            return `${args.property} is invalid`;
          } catch (e) {
            const reason = (e as { details?: { reason?: unknown } }).details?.reason;
            return typeof reason === 'string' ? reason : (e as Error).message;
          }
        },
      },
    });
  };
}
