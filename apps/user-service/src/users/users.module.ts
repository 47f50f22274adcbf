import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PasswordsModule } from '../passwords/passwords.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountAttackLock } from './account-attack-lock';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { InternalUsersController } from './internal-users.controller';
import { MeController } from './me.controller';
import { User, UserSchema } from './schemas/user.schema';
import { UserRepository } from './user.repository';
import { UsersMetrics } from './users.metrics';
import { UsersContactService } from './users-contact.service';
import { UsersService } from './users.service';

/**
 * Accounts: the caller's own (/users/me), admin management (/users), the contact other services mail
 * (/internal/v1/users/:id/contact), the lockout state and the first admin.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: User.name, schema: UserSchema }]), PasswordsModule, SessionsModule],
  // MeController first: /users/me must never be read as /users/:id.
  controllers: [MeController, AdminUsersController, InternalUsersController],
  providers: [
    UserRepository,
    UsersMetrics,
    UsersService,
    AdminUsersService,
    UsersContactService,
    AccountAttackLock,
    AdminBootstrapService,
  ],
  exports: [UserRepository, UsersService, AccountAttackLock],
})
export class UsersModule {}
