import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class PayOrderDto {
  @ApiProperty({
    description:
      "A payment method id from the provider: Stripe.js's `pm_...`, or one of Stripe's test methods " +
      '(`pm_card_visa`, `pm_card_chargeDeclined`, `pm_card_authenticationRequired`...), which the sandbox knows too.',
    example: 'pm_card_visa',
    pattern: '^pm_[A-Za-z0-9_]{1,200}$',
    maxLength: 203,
  })
  @IsString()
  @Matches(/^pm_[A-Za-z0-9_]{1,200}$/, { message: 'paymentMethod must be a payment method id (pm_...)' })
  paymentMethod: string;
}
