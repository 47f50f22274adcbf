import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Optional, Trim } from '@app/validation';

/** What shoppers may change about themselves. Email, roles and status are not among it (400 if sent). */
export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Ada King', maxLength: 100 })
  @Optional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'displayName must not contain control characters' })
  displayName?: string;
}
