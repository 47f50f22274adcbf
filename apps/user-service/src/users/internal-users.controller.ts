import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope, Roles } from '@app/auth';
import { ApiObjectIdParam, ParseObjectIdPipe } from '@app/database';
import { ApiProblems } from '@app/errors';
import { INVALID_INPUT, NEEDS_SERVICE_ROLE, CONTACT_NOT_FOUND } from '../openapi/api-problems';
import { ContactView } from './contact.view';
import { UsersContactService } from './users-contact.service';

const USER_ID = ApiObjectIdParam('id', 'The shopper (the `sub` of their access token).', '65a0000000000000000000aa');

/**
 * Service-to-service routes (docs/contracts/internal-api.md): notification-service reads where to mail a
 * shopper with its own service token. Never routed by the edge or the Ingress; not rate limited per caller
 * (one service token serves every shopper).
 */
@ApiTags('internal')
@ApiBearerAuth()
@Roles('service')
@RequireScope('users:contact')
@ApiProblems(NEEDS_SERVICE_ROLE)
@Controller('internal/v1/users')
export class InternalUsersController {
  constructor(private readonly contacts: UsersContactService) {}

  @Get(':id/contact')
  @ApiOperation({
    summary: "A shopper's email address and name, to mail them (service token only)",
    description: 'A disabled account is answered 404 like an unknown one: it must not be mailed.',
  })
  @USER_ID
  @ApiOkResponse({ type: ContactView })
  @ApiProblems(INVALID_INPUT, CONTACT_NOT_FOUND)
  contact(@Param('id', ParseObjectIdPipe) id: string): Promise<ContactView> {
    return this.contacts.contact(id);
  }
}
