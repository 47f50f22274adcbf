import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { passwordPolicyViolations } from './password-policy';

/**
 * Validates a new password against the policy; `emailProperty` names the sibling field holding the email,
 * when the same body carries it (registration).
 */
export function IsAcceptablePassword(emailProperty?: string, options?: ValidationOptions): PropertyDecorator {
  const violations = (value: unknown, args: ValidationArguments): string[] => {
    if (typeof value !== 'string') return [`${args.property} must be a string`];
    const email = emailProperty ? (args.object as Record<string, unknown>)[emailProperty] : undefined;
    return passwordPolicyViolations(value, typeof email === 'string' ? email : undefined);
  };
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => violations(value, args).length === 0,
        defaultMessage: (args?: ValidationArguments) =>
          args
            ? violations(args.value, args)
                .join('; ')
                .replace(/^password/, args.property)
            : 'invalid password',
      },
    });
}
